package redisext

// Broker delivers pub/sub messages between clients.
type Broker struct{}

func newBroker() *Broker { return &Broker{} }

var pubsubCommands = []*Command{}

// unsubscribeAll drops every subscription of the client.
func (c *Ctx) unsubscribeAll() {}
