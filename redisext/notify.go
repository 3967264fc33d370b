package redisext

// Notifier publishes keyspace notifications (notify-keyspace-events).
type Notifier struct{ sh *Shared }

func newNotifier(sh *Shared) *Notifier { return &Notifier{sh: sh} }

// Configure sets the enabled classes from a notify-keyspace-events string.
func (n *Notifier) Configure(flags string) {}

// Notify publishes event for key in db if the class is enabled.
func (c *Ctx) Notify(class byte, event string, key []byte) {}
