package redisext

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/corvidcache/corvid/protocol/resp"
)

// Pub/sub, as Redis 7.0's pubsub.c: channels (SUBSCRIBE/PUBLISH), glob
// patterns (PSUBSCRIBE, matched like stringmatchlen), and shard channels
// (SSUBSCRIBE/SPUBLISH: without cluster mode a namespace of their own, never
// matched by patterns).
//
// The Broker is shared by every event loop. Its map of channels is behind
// one RWMutex held only to find or create a subscriber set; each set has its
// own lock, held while a message is queued to that set's subscribers, so a
// publish to a crowded channel delays subscribes to that channel only. The
// list of patterns is copy-on-write: PSUBSCRIBE of a new pattern copies it,
// PUBLISH takes a snapshot and matches it without any lock.
//
// Messages reach other connections through Client.Conn.Push, which copies
// them; a message for the publishing client itself (RESP3 allows a
// subscribed client to publish) is appended to its own reply instead, so it
// comes before the PUBLISH reply as in Redis.

var pubsubCommands = []*Command{
	{Name: "subscribe", Arity: -2, Flags: PubSub | NoScript | Loading | Stale, Group: GroupPubSub, Handler: cmdSubscribe, Since: "2.0.0", Summary: "Listen for messages published to the given channels"},
	{Name: "unsubscribe", Arity: -1, Flags: PubSub | NoScript | Loading | Stale, Group: GroupPubSub, Handler: cmdUnsubscribe, Since: "2.0.0", Summary: "Stop listening for messages posted to the given channels"},
	{Name: "psubscribe", Arity: -2, Flags: PubSub | NoScript | Loading | Stale, Group: GroupPubSub, Handler: cmdPSubscribe, Since: "2.0.0", Summary: "Listen for messages published to channels matching the given patterns"},
	{Name: "punsubscribe", Arity: -1, Flags: PubSub | NoScript | Loading | Stale, Group: GroupPubSub, Handler: cmdPUnsubscribe, Since: "2.0.0", Summary: "Stop listening for messages posted to channels matching the given patterns"},
	{Name: "publish", Arity: 3, Flags: PubSub | Loading | Stale | Fast | MayReplicate, Group: GroupPubSub, Handler: cmdPublish, Since: "2.0.0", Summary: "Post a message to a channel"},
	{Name: "ssubscribe", Arity: -2, Flags: PubSub | NoScript | Loading | Stale, Group: GroupPubSub, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSSubscribe, Since: "7.0.0", Summary: "Listen for messages published to the given shard channels"},
	{Name: "sunsubscribe", Arity: -1, Flags: PubSub | NoScript | Loading | Stale, Group: GroupPubSub, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSUnsubscribe, Since: "7.0.0", Summary: "Stop listening for messages posted to the given shard channels"},
	{Name: "spublish", Arity: 3, Flags: PubSub | Loading | Stale | Fast | MayReplicate, Group: GroupPubSub, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSPublish, Since: "7.0.0", Summary: "Post a message to a shard channel"},
	{Name: "pubsub", Arity: -2, Group: GroupPubSub, Since: "2.8.0", Summary: "A container for Pub/Sub commands", Subcommands: []*Command{
		{Name: "channels", Arity: -2, Flags: PubSub | Loading | Stale, Group: GroupPubSub, Handler: cmdPubsubChannels, Since: "2.8.0", Summary: "List active channels"},
		{Name: "numsub", Arity: -2, Flags: PubSub | Loading | Stale, Group: GroupPubSub, Handler: cmdPubsubNumsub, Since: "2.8.0", Summary: "Get the count of subscribers for channels"},
		{Name: "numpat", Arity: 2, Flags: PubSub | Loading | Stale, Group: GroupPubSub, Handler: cmdPubsubNumpat, Since: "2.8.0", Summary: "Get the count of unique patterns pattern subscriptions"},
		{Name: "shardchannels", Arity: -2, Flags: PubSub | Loading | Stale, Group: GroupPubSub, Handler: cmdPubsubShardChannels, Since: "7.0.0", Summary: "List active shard channels"},
		{Name: "shardnumsub", Arity: -2, Flags: PubSub | Loading | Stale, Group: GroupPubSub, Handler: cmdPubsubShardNumsub, Since: "7.0.0", Summary: "Get the count of subscribers for shard channels"},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupPubSub, Handler: cmdPubsubHelp, Since: "6.2.0", Summary: "Show helpful text about the different subcommands"},
	}},
}

// pushesReply reports whether cmd's reply is made of push messages (the
// subscription confirmations), which CLIENT REPLY OFF/SKIP do not silence
// (Redis's CLIENT_PUSHING).
func pushesReply(cmd *Command) bool {
	switch cmd.FullName {
	case "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe":
		return true
	}
	return false
}

// subKind is one of the three subscription namespaces.
type subKind uint8

const (
	kindChannel subKind = iota
	kindPattern
	kindShard
)

// Message type names and confirmation names, per kind.
var (
	subscribeName   = [3]string{"subscribe", "psubscribe", "ssubscribe"}
	unsubscribeName = [3]string{"unsubscribe", "punsubscribe", "sunsubscribe"}
)

// Broker delivers pub/sub messages between clients. It is shared by every
// connection of a server; all its methods are safe for concurrent use.
type Broker struct {
	mu       sync.RWMutex
	channels map[string]*subSet
	shard    map[string]*subSet
	// patterns is replaced (copy-on-write) under mu, never changed in
	// place: PUBLISH matches a snapshot without holding mu.
	patterns []*subSet
	// porder keeps each client's patterns in subscription order, the order
	// PUNSUBSCRIBE without arguments answers in (Redis's list).
	porderMu sync.Mutex
	porder   map[*Client][]string
}

func newBroker() *Broker {
	return &Broker{channels: map[string]*subSet{}, shard: map[string]*subSet{},
		porder: map[*Client][]string{}}
}

// patOrder returns a copy of cl's patterns in subscription order.
func (b *Broker) patOrder(cl *Client) []string {
	b.porderMu.Lock()
	defer b.porderMu.Unlock()
	return append([]string(nil), b.porder[cl]...)
}

// patOrderAdd notes a new pattern of cl; patOrderDel forgets one.
func (b *Broker) patOrderAdd(cl *Client, name string) {
	b.porderMu.Lock()
	b.porder[cl] = append(b.porder[cl], name)
	b.porderMu.Unlock()
}

func (b *Broker) patOrderDel(cl *Client, name string) {
	b.porderMu.Lock()
	defer b.porderMu.Unlock()
	list := b.porder[cl]
	for i, n := range list {
		if n == name {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(b.porder, cl)
	} else {
		b.porder[cl] = list
	}
}

// subSet is the subscribers of one channel, pattern or shard channel.
type subSet struct {
	name  []byte // the channel or pattern
	n     atomic.Int32
	mu    sync.RWMutex
	subs  []subscriber
	index map[*Client]int
	dead  bool // emptied and being removed from the Broker: add makes a new set
}

// subscriber is one client of a set, with the protocol it speaks (read on
// the client's own loop when it subscribed: Client.Proto is not safe to read
// from another connection's loop).
type subscriber struct {
	cl    *Client
	resp3 bool
}

func (s *subSet) add(cl *Client, resp3 bool) {
	if i, ok := s.index[cl]; ok {
		s.subs[i].resp3 = resp3
		return
	}
	s.index[cl] = len(s.subs)
	s.subs = append(s.subs, subscriber{cl, resp3})
	s.n.Store(int32(len(s.subs)))
}

func (s *subSet) remove(cl *Client) {
	i, ok := s.index[cl]
	if !ok {
		return
	}
	last := len(s.subs) - 1
	if i != last {
		s.subs[i] = s.subs[last]
		s.index[s.subs[i].cl] = i
	}
	s.subs[last] = subscriber{}
	s.subs = s.subs[:last]
	delete(s.index, cl)
	s.n.Store(int32(len(s.subs)))
}

// table returns the map of kind k (not patterns); mu held.
func (b *Broker) table(k subKind) map[string]*subSet {
	if k == kindShard {
		return b.shard
	}
	return b.channels
}

// find returns the current set of name; mu held (read or write).
func (b *Broker) find(k subKind, name []byte) *subSet {
	if k == kindPattern {
		for _, s := range b.patterns {
			if string(s.name) == string(name) {
				return s
			}
		}
		return nil
	}
	return b.table(k)[string(name)]
}

// subscribe adds cl to the set of name, creating it if needed.
func (b *Broker) subscribe(k subKind, name []byte, cl *Client, resp3 bool) {
	b.mu.RLock()
	s := b.find(k, name)
	b.mu.RUnlock()
	for {
		if s != nil {
			s.mu.Lock()
			if !s.dead {
				s.add(cl, resp3)
				s.mu.Unlock()
				return
			}
			s.mu.Unlock()
		}
		b.mu.Lock()
		s = b.find(k, name)
		if s == nil || s.isDead() {
			s = b.insert(k, name, s)
		}
		b.mu.Unlock()
	}
}

func (s *subSet) isDead() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.dead
}

// insert puts a new empty set for name in place of old (nil or dead); mu
// held for writing.
func (b *Broker) insert(k subKind, name []byte, old *subSet) *subSet {
	s := &subSet{name: append([]byte(nil), name...), index: map[*Client]int{}}
	if k != kindPattern {
		b.table(k)[string(s.name)] = s
		return s
	}
	pats := make([]*subSet, 0, len(b.patterns)+1)
	for _, p := range b.patterns {
		if p != old {
			pats = append(pats, p)
		}
	}
	b.patterns = append(pats, s)
	return s
}

// unsubscribe removes cl from the set of name, and the set from the Broker
// once it is empty.
func (b *Broker) unsubscribe(k subKind, name []byte, cl *Client) {
	b.mu.RLock()
	s := b.find(k, name)
	b.mu.RUnlock()
	if s == nil {
		return
	}
	s.mu.Lock()
	s.remove(cl)
	empty := len(s.subs) == 0
	if empty {
		s.dead = true
	}
	s.mu.Unlock()
	if !empty {
		return
	}
	b.mu.Lock()
	if b.find(k, name) == s {
		if k != kindPattern {
			delete(b.table(k), string(name))
		} else {
			pats := make([]*subSet, 0, len(b.patterns))
			for _, p := range b.patterns {
				if p != s {
					pats = append(pats, p)
				}
			}
			b.patterns = pats
		}
	}
	b.mu.Unlock()
}

// psMsgPool holds the buffers messages are encoded in (Push copies them).
var psMsgPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Publish sends msg to the subscribers of channel and of the patterns
// matching it, and returns how many received it. self, if not nil, is the
// publishing connection: a message for its own client goes into its reply.
// The Broker keeps neither channel nor msg.
func (b *Broker) Publish(channel, msg []byte, self *Ctx) int {
	return b.publish(kindChannel, channel, msg, self)
}

// PublishShard is SPUBLISH: shard channels, no patterns.
func (b *Broker) PublishShard(channel, msg []byte, self *Ctx) int {
	return b.publish(kindShard, channel, msg, self)
}

func (b *Broker) publish(k subKind, channel, msg []byte, self *Ctx) int {
	b.mu.RLock()
	s := b.table(k)[string(channel)]
	var pats []*subSet
	if k == kindChannel {
		pats = b.patterns
	}
	b.mu.RUnlock()
	if s == nil && len(pats) == 0 {
		return 0
	}
	bp := psMsgPool.Get().(*[]byte)
	buf := *bp
	n := 0
	if s != nil {
		typ := "message"
		if k == kindShard {
			typ = "smessage"
		}
		buf = appendPubsubMessage(buf[:0], typ, nil, channel, msg)
		n += s.deliver(buf, self)
	}
	for _, p := range pats {
		if p.n.Load() == 0 || !Match(p.name, channel, false) {
			continue
		}
		buf = appendPubsubMessage(buf[:0], "pmessage", p.name, channel, msg)
		n += p.deliver(buf, self)
	}
	if cap(buf) <= 64<<10 {
		*bp = buf[:0]
		psMsgPool.Put(bp)
	}
	return n
}

// appendPubsubMessage encodes a message push, with a RESP2 array header ('*',
// which deliver turns into RESP3's '>' per subscriber). pattern is nil for
// "message" and "smessage".
func appendPubsubMessage(dst []byte, typ string, pattern, channel, msg []byte) []byte {
	if pattern != nil {
		dst = append(dst, "*4\r\n"...)
	} else {
		dst = append(dst, "*3\r\n"...)
	}
	dst = resp.AppendBulkString(dst, typ)
	if pattern != nil {
		dst = resp.AppendBulk(dst, pattern)
	}
	dst = resp.AppendBulk(dst, channel)
	return resp.AppendBulk(dst, msg)
}

// deliver pushes the encoded message to every subscriber of s and returns
// their number.
func (s *subSet) deliver(buf []byte, self *Ctx) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, sub := range s.subs {
		if self != nil && sub.cl == self.Client && !self.inExec && self.Client.ReplyMode == replyOn {
			// The publisher's own subscription: into its reply, before
			// the command's own reply. Inside EXEC (where it would land
			// inside the EXEC array) or with replies off, it goes through
			// Push like any other and follows the reply.
			start := len(self.Out)
			self.Out = append(self.Out, buf...)
			if self.Client.Proto == 3 {
				self.Out[start] = '>'
			}
			continue
		}
		if sub.resp3 {
			buf[0] = '>'
		} else {
			buf[0] = '*'
		}
		sub.cl.Conn.Push(buf)
	}
	return len(s.subs)
}

// NumSub returns the number of subscribers of channel (PUBSUB NUMSUB).
func (b *Broker) NumSub(channel []byte) int { return b.numSub(kindChannel, channel) }

// NumPat returns the number of patterns subscribed to (PUBSUB NUMPAT).
func (b *Broker) NumPat() int {
	b.mu.RLock()
	pats := b.patterns
	b.mu.RUnlock()
	n := 0
	for _, p := range pats {
		if p.n.Load() > 0 {
			n++
		}
	}
	return n
}

// NumChannels returns the number of channels with subscribers
// (INFO pubsub_channels).
func (b *Broker) NumChannels() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for _, s := range b.channels {
		if s.n.Load() > 0 {
			n++
		}
	}
	return n
}

func (b *Broker) numSub(k subKind, channel []byte) int {
	b.mu.RLock()
	s := b.table(k)[string(channel)]
	b.mu.RUnlock()
	if s == nil {
		return 0
	}
	return int(s.n.Load())
}

// channelList returns the channels of kind k with subscribers, matching
// pattern if not nil.
func (b *Broker) channelList(k subKind, pattern []byte) []string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []string
	for name, s := range b.table(k) {
		if s.n.Load() == 0 {
			continue
		}
		if pattern == nil || Match(pattern, s.name, false) {
			out = append(out, name)
		}
	}
	return out
}

// subsOf returns the client's subscription set of kind k, made if needed.
func (cl *Client) psSet(k subKind, create bool) map[string]struct{} {
	p := &cl.Subs
	switch k {
	case kindPattern:
		p = &cl.PSubs
	case kindShard:
		p = &cl.SSubs
	}
	if *p == nil && create {
		*p = map[string]struct{}{}
	}
	return *p
}

// updateNSubs recounts Client.NSubs.
func (cl *Client) psUpdateN() {
	cl.NSubs.Store(int32(len(cl.Subs) + len(cl.PSubs) + len(cl.SSubs)))
}

// subCount is the count a (un)subscribe confirmation carries: channels +
// patterns, or shard channels (Redis's clientSubscriptionsCount and
// clientShardSubscriptionsCount).
func (cl *Client) psCount(k subKind) int {
	if k == kindShard {
		return len(cl.SSubs)
	}
	return len(cl.Subs) + len(cl.PSubs)
}

// pushConfirm appends a subscription confirmation push.
func (c *Ctx) psConfirm(typ string, name []byte, count int) {
	c.Out = resp.AppendPushHeader(c.Out, 3, c.Client.Proto)
	c.Out = resp.AppendBulkString(c.Out, typ)
	if name == nil {
		c.Null()
	} else {
		c.Out = resp.AppendBulk(c.Out, name)
	}
	c.Out = resp.AppendInt(c.Out, int64(count))
}

// subscribeArgs subscribes the client to every argument, replying one
// confirmation each.
func (c *Ctx) psSubscribe(k subKind) {
	cl := c.Client
	set := cl.psSet(k, true)
	resp3 := cl.Proto == 3
	for _, name := range c.Args[1:] {
		if _, ok := set[string(name)]; !ok {
			set[string(name)] = struct{}{}
			c.PubSub.subscribe(k, name, cl, resp3)
			if k == kindPattern {
				c.PubSub.patOrderAdd(cl, string(name))
			}
			cl.psUpdateN()
		}
		c.psConfirm(subscribeName[k], name, cl.psCount(k))
	}
}

// unsubscribeArgs unsubscribes the client from its arguments, or from all
// of kind k without arguments, replying one confirmation each (one with a
// null name if there was nothing to unsubscribe from).
func (c *Ctx) psUnsubscribe(k subKind) {
	cl := c.Client
	set := cl.psSet(k, false)
	if len(c.Args) > 1 {
		for _, name := range c.Args[1:] {
			if _, ok := set[string(name)]; ok {
				delete(set, string(name))
				c.PubSub.unsubscribe(k, name, cl)
				if k == kindPattern {
					c.PubSub.patOrderDel(cl, string(name))
				}
				cl.psUpdateN()
			}
			c.psConfirm(unsubscribeName[k], name, cl.psCount(k))
		}
		return
	}
	if len(set) == 0 {
		c.psConfirm(unsubscribeName[k], nil, cl.psCount(k))
		return
	}
	var names []string
	if k == kindPattern {
		names = c.PubSub.patOrder(cl)
	} else {
		names = psSortedNames(set)
	}
	for _, name := range names {
		if k == kindPattern {
			c.PubSub.patOrderDel(cl, name)
		}
		delete(set, name)
		c.PubSub.unsubscribe(k, []byte(name), cl)
		cl.psUpdateN()
		c.psConfirm(unsubscribeName[k], []byte(name), cl.psCount(k))
	}
}

// psSortedNames returns the names of a subscription set, sorted (Redis
// walks its dict in hash order; sorting makes replies reproducible).
func psSortedNames(set map[string]struct{}) []string {
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// unsubscribeAll drops every subscription of the client without replying
// (RESET, connection close).
func (c *Ctx) unsubscribeAll() {
	cl := c.Client
	if cl.NSubs.Load() == 0 && len(cl.Subs)+len(cl.PSubs)+len(cl.SSubs) == 0 {
		return
	}
	for _, k := range [...]subKind{kindChannel, kindPattern, kindShard} {
		set := cl.psSet(k, false)
		for name := range set {
			c.PubSub.unsubscribe(k, []byte(name), cl)
		}
	}
	if len(cl.PSubs) > 0 {
		c.PubSub.porderMu.Lock()
		delete(c.PubSub.porder, cl)
		c.PubSub.porderMu.Unlock()
	}
	cl.Subs, cl.PSubs, cl.SSubs = nil, nil, nil
	cl.psUpdateN()
}

// Disconnect releases what the connection holds in shared state: its
// subscriptions, watched keys and queued transaction. The server calls it
// once, on the connection's loop, when the connection has closed; the Ctx
// must not be used afterwards.
func (c *Ctx) Disconnect() {
	c.Client.Closed.Store(true)
	c.unblockGone()
	c.unsubscribeAll()
	c.unwatchAll()
	c.discardMulti()
}

// SUBSCRIBE channel [channel ...]
func cmdSubscribe(c *Ctx) { c.psSubscribe(kindChannel) }

// UNSUBSCRIBE [channel [channel ...]]
func cmdUnsubscribe(c *Ctx) { c.psUnsubscribe(kindChannel) }

// PSUBSCRIBE pattern [pattern ...]
func cmdPSubscribe(c *Ctx) { c.psSubscribe(kindPattern) }

// PUNSUBSCRIBE [pattern [pattern ...]]
func cmdPUnsubscribe(c *Ctx) { c.psUnsubscribe(kindPattern) }

// SSUBSCRIBE shardchannel [shardchannel ...]
func cmdSSubscribe(c *Ctx) { c.psSubscribe(kindShard) }

// SUNSUBSCRIBE [shardchannel [shardchannel ...]]
func cmdSUnsubscribe(c *Ctx) { c.psUnsubscribe(kindShard) }

// PUBLISH channel message
func cmdPublish(c *Ctx) {
	c.Int(int64(c.PubSub.Publish(c.Args[1], c.Args[2], c)))
}

// SPUBLISH shardchannel message
func cmdSPublish(c *Ctx) {
	c.Int(int64(c.PubSub.PublishShard(c.Args[1], c.Args[2], c)))
}

// PUBSUB CHANNELS [pattern]
func cmdPubsubChannels(c *Ctx) { c.psChannelList(kindChannel) }

// PUBSUB SHARDCHANNELS [pattern]
func cmdPubsubShardChannels(c *Ctx) { c.psChannelList(kindShard) }

func (c *Ctx) psChannelList(k subKind) {
	if len(c.Args) > 3 {
		c.pubsubSyntaxError()
		return
	}
	var pat []byte
	if len(c.Args) == 3 {
		pat = c.Args[2]
	}
	names := c.PubSub.channelList(k, pat)
	c.Array(len(names))
	for _, n := range names {
		c.BulkString(n)
	}
}

// PUBSUB NUMSUB [channel ...]
func cmdPubsubNumsub(c *Ctx) { c.psNumSub(kindChannel) }

// PUBSUB SHARDNUMSUB [shardchannel ...]
func cmdPubsubShardNumsub(c *Ctx) { c.psNumSub(kindShard) }

func (c *Ctx) psNumSub(k subKind) {
	c.Array(2 * (len(c.Args) - 2))
	for _, ch := range c.Args[2:] {
		c.Bulk(ch)
		c.Int(int64(c.PubSub.numSub(k, ch)))
	}
}

// PUBSUB NUMPAT
func cmdPubsubNumpat(c *Ctx) { c.Int(int64(c.PubSub.NumPat())) }

// PUBSUB HELP
func cmdPubsubHelp(c *Ctx) {
	c.help(
		"CHANNELS [<pattern>]",
		"    Return the currently active channels matching a <pattern> (default: '*').",
		"NUMPAT",
		"    Return number of subscriptions to patterns.",
		"NUMSUB [<channel> ...]",
		"    Return the number of subscribers for the specified channels, excluding",
		"    pattern subscriptions(default: no channels).",
		"SHARDCHANNELS [<pattern>]",
		"    Return the currently active shard level channels matching a <pattern> (default: '*').",
		"SHARDNUMSUB [<shardchannel> ...]",
		"    Return the number of subscribers for the specified shard level channel(s)",
	)
}

// pubsubSyntaxError is Redis's addReplySubcommandSyntaxError.
func (c *Ctx) pubsubSyntaxError() {
	parent := c.Cmd.Name
	if c.Cmd.Parent != nil {
		parent = c.Cmd.Parent.Name
	}
	c.Err("ERR unknown subcommand or wrong number of arguments for '" +
		clip(sanitize(string(c.Args[1])), 128) + "'. Try " + strings.ToUpper(parent) + " HELP.")
}
