package redisext

import (
	"bytes"
	"container/heap"
	"math"
	"sync"
	"sync/atomic"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The blocking commands (Redis 7.0's blocked.c with the blocking parts of
// t_list.c and t_zset.c): BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP,
// BZPOPMIN, BZPOPMAX and BZMPOP.
//
// A blocking command whose keys hold data runs like its non-blocking form.
// Otherwise it registers a waiter (BlockState) while it still holds the
// stripes of its keys, so that a write to one of them either came before
// the check or sees the waiter. The connection then reads no further
// command (the server checks Ctx.IsBlocked after each Dispatch and leaves
// the rest of its input buffered, as Redis leaves it in the query buffer).
//
// A write that stores a list or sorted set under a key with waiters (the
// engine's write log, through Watches.Write) queues the key as ready. The
// connection that wrote it serves the ready keys right after its command
// (or EXEC) ends (BlockState.Serve, Redis's handleClientsBlockedOnKeys):
// for each ready key, the waiters of its type in the order they blocked,
// each popping on its own behalf (with its own database and protocol)
// until the key is empty. The reply is kept in the waiter and its
// connection is woken (Conn's Wake, on its own event loop), where
// ResumeBlocked appends it and the connection goes on with its buffered
// input. Timeouts are a heap checked by the server's ticker (Expire): no
// goroutine or timer per blocked client. CLIENT UNBLOCK and a disconnect
// remove the waiter the same way.

// blockingCommands are the commands that wait for a key (BLPOP, BRPOP,
// BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP).
var blockingCommands = []*Command{
	{Name: "blpop", Arity: -3, Flags: Write | NoScript | Blocking, Group: GroupList, FirstKey: 1, LastKey: -2, Step: 1, Handler: cmdBlpop, Since: "2.0.0", Summary: "Remove and get the first element in a list, or block until one is available"},
	{Name: "brpop", Arity: -3, Flags: Write | NoScript | Blocking, Group: GroupList, FirstKey: 1, LastKey: -2, Step: 1, Handler: cmdBrpop, Since: "2.0.0", Summary: "Remove and get the last element in a list, or block until one is available"},
	{Name: "brpoplpush", Arity: 4, Flags: Write | DenyOOM | NoScript | Blocking, Group: GroupList, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdBrpoplpush, Since: "2.2.0", Summary: "Pop an element from a list, push it to another list and return it; or block until one is available"},
	{Name: "blmove", Arity: 6, Flags: Write | DenyOOM | NoScript | Blocking, Group: GroupList, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdBlmove, Since: "6.2.0", Summary: "Pop an element from a list, push it to another list and return it; or block until one is available"},
	{Name: "blmpop", Arity: -5, Flags: Write | Blocking | MovableKeys, Group: GroupList, Handler: cmdBlmpop, Since: "7.0.0", Summary: "Pop elements from a list, or block until one is available"},
	{Name: "bzpopmin", Arity: -3, Flags: Write | NoScript | Blocking | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: -2, Step: 1, Handler: cmdBzpopmin, Since: "5.0.0", Summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available"},
	{Name: "bzpopmax", Arity: -3, Flags: Write | NoScript | Blocking | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: -2, Step: 1, Handler: cmdBzpopmax, Since: "5.0.0", Summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available"},
	{Name: "bzmpop", Arity: -5, Flags: Write | Blocking | MovableKeys, Group: GroupSortedSet, Handler: cmdBzmpop, Since: "7.0.0", Summary: "Remove and return members with scores in a sorted set or block until one is available"},
}

// Error replies of the blocking commands.
const (
	errTimeoutFloat    = "ERR timeout is not a float or out of range"
	errTimeoutNegative = "ERR timeout is negative"
	errUnblockReason   = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
	errUnblocked       = "UNBLOCKED client unblocked via CLIENT UNBLOCK"
)

// What a waiter does once its key is ready.
const (
	opPop   uint8 = iota // BLPOP, BRPOP: [key, element]
	opMPop               // BLMPOP: [key, [elements]]
	opMove               // BLMOVE, BRPOPLPUSH: the element
	opZPop               // BZPOPMIN, BZPOPMAX: [key, member, score]
	opZMPop              // BZMPOP: [key, [[member, score]...]]
)

// waiter is one blocked client. Its fields are set before it is
// registered and never change, except done, reply and hidx, which are
// guarded by BlockState.mu.
type waiter struct {
	cl       *Client
	db       int
	keys     []string // distinct, in argument order
	kind     engine.Kind
	op       uint8
	left     bool   // list: pop from the head; zset: pop the maximum
	toLeft   bool   // BLMOVE: push at the head
	dst      []byte // BLMOVE's destination
	count    int64  // BLMPOP/BZMPOP count, -1 for the single pops
	deadline int64  // Unix ms, 0 = never
	quiet    bool   // CLIENT REPLY OFF/SKIP: the reply is dropped

	hidx  int  // index in the timeout heap, -1 if not there
	done  bool // served, timed out, unblocked or disconnected
	reply []byte
}

// BlockState is the registry of blocked clients (Redis's
// db->blocking_keys, server.ready_keys and the timeout table). Its methods
// are safe for concurrent use.
type BlockState struct {
	sh      *Shared
	n       atomic.Int32 // blocked clients
	pending atomic.Int32 // keys queued as ready

	mu       sync.Mutex // guards everything below and waiters' done/reply/hidx
	keys     map[int]map[string][]*waiter
	byID     map[uint64]*waiter
	ready    []readyKey
	readySet map[readyKey]struct{}
	timeouts waitHeap

	serveMu sync.Mutex // one server of ready keys at a time
	sc      *Ctx       // the context waiters are served through, under serveMu
}

type readyKey struct {
	db  int
	key string
}

func newBlockState(sh *Shared) *BlockState {
	return &BlockState{sh: sh, keys: map[int]map[string][]*waiter{}, byID: map[uint64]*waiter{},
		readySet: map[readyKey]struct{}{}, sc: &Ctx{Shared: sh}}
}

// Blocked returns how many clients wait in a blocking command (INFO
// blocked_clients).
func (b *BlockState) Blocked() int { return int(b.n.Load()) }

// signal queues a key as ready when a list or a sorted set was stored
// under it and clients wait for it (signalKeyAsReady). It runs from the
// write log with the key's stripe locked.
func (b *BlockState) signal(r *engine.Record) {
	if r.Kind != engine.KindList && r.Kind != engine.KindZSet {
		return
	}
	b.mu.Lock()
	if len(b.keys[r.DB][string(r.Key)]) > 0 {
		b.queueLocked(r.DB, string(r.Key))
	}
	b.mu.Unlock()
}

func (b *BlockState) queueLocked(db int, key string) {
	rk := readyKey{db, key}
	if _, dup := b.readySet[rk]; dup {
		return
	}
	b.readySet[rk] = struct{}{}
	b.ready = append(b.ready, rk)
	b.pending.Store(int32(len(b.ready)))
}

// signalDBs queues every key waited for in databases a and d (SWAPDB).
func (b *BlockState) signalDBs(a, d int) {
	if b.n.Load() == 0 {
		return
	}
	b.mu.Lock()
	for _, db := range [2]int{a, d} {
		for key := range b.keys[db] {
			b.queueLocked(db, key)
		}
	}
	b.mu.Unlock()
}

// Serve serves the clients waiting for the keys that became ready
// (handleClientsBlockedOnKeys). The server calls it after every command
// (it costs one atomic load when nothing is ready) and from its ticker;
// the caller must hold no stripe.
func (b *BlockState) Serve() {
	if b.pending.Load() != 0 {
		b.serve()
	}
}

func (b *BlockState) serve() {
	b.serveMu.Lock()
	defer b.serveMu.Unlock()
	for {
		b.mu.Lock()
		if len(b.ready) == 0 {
			b.ready = b.ready[:0]
			b.pending.Store(0)
			b.mu.Unlock()
			return
		}
		rk := b.ready[0]
		b.ready[0] = readyKey{}
		b.ready = b.ready[1:]
		delete(b.readySet, rk)
		b.pending.Store(int32(len(b.ready)))
		b.mu.Unlock()
		b.serveKey(rk.db, rk.key)
	}
}

// firstLocked returns the first waiter for key that a value of kind can
// serve.
func (b *BlockState) firstLocked(db int, key string, kind engine.Kind) *waiter {
	for _, w := range b.keys[db][key] {
		if w.kind == kind && !w.done {
			return w
		}
	}
	return nil
}

// serveKey serves key's waiters, first blocked first, while it holds a
// value of their type.
func (b *BlockState) serveKey(db int, key string) {
	sc := b.sc
	kb := []byte(key)
	var dst []byte // the second key locked, if any
	for {
		locked := [2][]byte{kb, dst}
		n := 1
		if dst != nil {
			n = 2
		}
		b.sh.Eng.LockKeys(&sc.batch, locked[:n])
		x := sc.batch.Item(db, kb)
		if !x.Found() || (x.Kind() != engine.KindList && x.Kind() != engine.KindZSet) {
			sc.batch.Unlock()
			return
		}
		kind := x.Kind()
		b.mu.Lock()
		w := b.firstLocked(db, key, kind)
		if w == nil {
			b.mu.Unlock()
			sc.batch.Unlock()
			return
		}
		if w.op == opMove && !bytes.Equal(w.dst, kb) && !bytes.Equal(w.dst, dst) {
			// Its destination must be locked too: take both, in order.
			b.mu.Unlock()
			sc.batch.Unlock()
			dst = w.dst
			continue
		}
		b.claimLocked(w)
		b.mu.Unlock()
		b.popFor(w, x, kb)
		sc.batch.Unlock()
		b.wake(w)
	}
}

// claimLocked removes w from every list it waits in: it is served (or
// timed out, unblocked, gone) exactly once.
func (b *BlockState) claimLocked(w *waiter) {
	w.done = true
	for _, k := range w.keys {
		m := b.keys[w.db]
		list := m[k]
		for i, o := range list {
			if o == w {
				copy(list[i:], list[i+1:])
				list[len(list)-1] = nil
				list = list[:len(list)-1]
				break
			}
		}
		if len(list) == 0 {
			delete(m, k)
		} else {
			m[k] = list
		}
	}
	if len(b.keys[w.db]) == 0 {
		delete(b.keys, w.db)
	}
	if w.hidx >= 0 {
		heap.Remove(&b.timeouts, w.hidx)
	}
	if b.byID[w.cl.ID] == w {
		delete(b.byID, w.cl.ID)
	}
	b.n.Add(-1)
}

// popFor pops from key (locked in b.sc's batch, holding a non-empty value
// of w's kind) on w's behalf, with w's database and protocol, keeping the
// reply in w.
func (b *BlockState) popFor(w *waiter, x *engine.Item, key []byte) {
	sc := b.sc
	sc.Client = w.cl
	sc.Out = w.reply[:0]
	sc.failed = false
	switch w.op {
	case opPop, opMPop:
		lv, _, _ := sc.listLookup(x, false)
		sc.listPopReply(x, &lv, key, w.left, w.count) // count -1 for BLPOP/BRPOP
	case opMove:
		sc.Args = append(sc.Args[:0], nil, key, w.dst)
		sc.lmove(w.left, w.toLeft)
		sc.Args = sc.Args[:0]
	case opZPop:
		sc.zpopGeneric([][]byte{key}, w.left, true, -1, false, false)
	case opZMPop:
		sc.zpopGeneric([][]byte{key}, w.left, true, w.count, true, true)
	}
	w.reply = sc.Out
	sc.Out = nil
	sc.Client = nil
	sc.stats = localStats{}
}

// wake tells w's connection that its command has its reply.
func (b *BlockState) wake(w *waiter) {
	if wk, ok := w.cl.Conn.(waker); ok {
		wk.Wake()
	}
}

// Expire times out the waiters whose deadline (Unix ms) is past: they get
// a null reply. The server's ticker calls it; with nobody blocked it costs
// one atomic load.
func (b *BlockState) Expire(now int64) {
	if b.n.Load() == 0 {
		return
	}
	var woken []*waiter
	b.mu.Lock()
	for len(b.timeouts) > 0 && b.timeouts[0].deadline <= now {
		w := b.timeouts[0]
		b.claimLocked(w)
		w.reply = resp.AppendNullArray(w.reply[:0], w.cl.Proto)
		woken = append(woken, w)
	}
	b.mu.Unlock()
	for _, w := range woken {
		b.wake(w)
	}
}

// Unblock ends client id's wait as CLIENT UNBLOCK does: with a null reply
// (a timeout), or the UNBLOCKED error. It reports whether it was blocked.
func (b *BlockState) Unblock(id uint64, withError bool) bool {
	b.mu.Lock()
	w := b.byID[id]
	if w == nil || w.done {
		b.mu.Unlock()
		return false
	}
	b.claimLocked(w)
	if withError {
		w.reply = resp.AppendError(w.reply[:0], errUnblocked)
	} else {
		w.reply = resp.AppendNullArray(w.reply[:0], w.cl.Proto)
	}
	b.mu.Unlock()
	b.wake(w)
	return true
}

// IsBlocked reports whether cl waits in a blocking command (CLIENT LIST
// flag b).
func (b *BlockState) IsBlocked(cl *Client) bool {
	if b.n.Load() == 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	w := b.byID[cl.ID]
	return w != nil && w.cl == cl && !w.done
}

// waitHeap orders waiters by deadline.
type waitHeap []*waiter

func (h waitHeap) Len() int           { return len(h) }
func (h waitHeap) Less(i, j int) bool { return h[i].deadline < h[j].deadline }
func (h waitHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].hidx, h[j].hidx = i, j
}
func (h *waitHeap) Push(v any) {
	w := v.(*waiter)
	w.hidx = len(*h)
	*h = append(*h, w)
}
func (h *waitHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.hidx = -1
	return w
}

// ---- The waiting connection's side ----

// IsBlocked reports whether the connection waits in a blocking command:
// the server then reads no further command from it until ResumeBlocked
// reports false.
func (c *Ctx) IsBlocked() bool { return c.blk != nil }

// ResumeBlocked is called on the connection's own loop when it is woken
// while blocked: if its wait is over, it appends the command's reply to
// c.Out and reports false; else it reports true (still blocked).
func (c *Ctx) ResumeBlocked() bool {
	w := c.blk
	if w == nil {
		return false
	}
	b := c.Blocked
	b.mu.Lock()
	done, reply := w.done, w.reply
	b.mu.Unlock()
	if !done {
		return true
	}
	c.blk = nil
	if len(reply) > 0 && reply[0] == '-' {
		c.Stats.errorReply(reply)
	}
	if !w.quiet {
		c.Out = append(c.Out, reply...)
	}
	return false
}

// unblockGone forgets the connection's wait when it closes.
func (c *Ctx) unblockGone() {
	w := c.blk
	if w == nil {
		return
	}
	c.blk = nil
	b := c.Blocked
	b.mu.Lock()
	if !w.done {
		b.claimLocked(w)
	}
	b.mu.Unlock()
}

// mayBlock reports whether the command may block: not inside MULTI/EXEC
// (nor, later, a script), where it answers as on a timeout.
func (c *Ctx) mayBlock() bool { return !c.inExec }

// block registers the connection as waiting for keys (in the client's
// database), with the stripes of keys still held by the caller.
func (c *Ctx) block(w *waiter, keys [][]byte, deadline int64) {
	b := c.Blocked
	w.cl = c.Client
	w.db = c.Client.DB
	w.deadline = deadline
	w.hidx = -1
	w.quiet = c.Client.ReplyMode != replyOn
	for _, k := range keys {
		dup := false
		for _, o := range w.keys {
			if o == string(k) {
				dup = true
				break
			}
		}
		if !dup {
			w.keys = append(w.keys, string(k))
		}
	}
	if w.dst != nil {
		w.dst = append([]byte(nil), w.dst...)
	}
	b.mu.Lock()
	m := b.keys[w.db]
	if m == nil {
		m = map[string][]*waiter{}
		b.keys[w.db] = m
	}
	for _, k := range w.keys {
		m[k] = append(m[k], w)
	}
	if deadline > 0 {
		heap.Push(&b.timeouts, w)
	}
	b.byID[w.cl.ID] = w
	b.n.Add(1)
	b.mu.Unlock()
	c.blk = w
}

// timeoutArg parses a blocking command's timeout in seconds (a double) as
// Redis's getTimeoutFromObjectOrReply in seconds, returning the deadline
// in Unix ms (0 = wait forever). On error it replies and reports false.
func (c *Ctx) blockTimeout(b []byte) (int64, bool) {
	if len(b) == 0 || isCSpace(b[0]) {
		c.Err(errTimeoutFloat)
		return 0, false
	}
	v, ok := resp.ParseFloat(b)
	tiny := false
	if !ok {
		// Redis parses a long double: what overflows a double is in range
		// there (and ends up "negative"), what underflows it is a tiny
		// positive or negative number.
		var ok2 bool
		if v, ok2 = strtod(b); !ok2 || math.IsNaN(v) {
			c.Err(errTimeoutFloat)
			return 0, false
		}
		tiny = v == 0 && !math.Signbit(v)
	}
	if math.IsNaN(v) {
		c.Err(errTimeoutFloat)
		return 0, false
	}
	ms := math.Ceil(v * 1000)
	if tiny {
		ms = 1
	}
	// (long long) of an out-of-range value is LLONG_MIN on x86-64.
	if math.IsInf(ms, 0) || ms >= math.MaxInt64 || ms < math.MinInt64 || ms < 0 {
		c.Err(errTimeoutNegative)
		return 0, false
	}
	if ms == 0 {
		return 0, true
	}
	return int64(ms) + c.Now(), true
}

// BLPOP key [key ...] timeout
func cmdBlpop(c *Ctx) { c.blockingListPop(true, c.Args[1:len(c.Args)-1], c.Args[len(c.Args)-1], -1) }

// BRPOP key [key ...] timeout
func cmdBrpop(c *Ctx) { c.blockingListPop(false, c.Args[1:len(c.Args)-1], c.Args[len(c.Args)-1], -1) }

// blockingListPop is BLPOP, BRPOP and BLMPOP (blockingPopGenericCommand):
// count is -1 for the single pops.
func (c *Ctx) blockingListPop(left bool, keys [][]byte, timeout []byte, count int64) {
	deadline, ok := c.blockTimeout(timeout)
	if !ok {
		return
	}
	c.LockKeys(keys...) // held while the client registers: no push slips between
	if c.listPopFirst(keys, left, count) {
		return
	}
	if !c.mayBlock() {
		c.NullArray()
		return
	}
	op := opPop
	if count != -1 {
		op = opMPop
	}
	c.block(&waiter{kind: engine.KindList, op: op, left: left, count: count}, keys, deadline)
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
func cmdBlmove(c *Ctx) {
	from, ok := c.listWhere(c.Args[3])
	if !ok {
		return
	}
	to, ok := c.listWhere(c.Args[4])
	if !ok {
		return
	}
	c.blmove(from, to, c.Args[5])
}

// BRPOPLPUSH source destination timeout
func cmdBrpoplpush(c *Ctx) { c.blmove(false, true, c.Args[3]) }

// blmove is blmoveGenericCommand: LMOVE when the source holds a list,
// else wait for one (the destination is checked only then).
func (c *Ctx) blmove(fromLeft, toLeft bool, timeout []byte) {
	deadline, ok := c.blockTimeout(timeout)
	if !ok {
		return
	}
	src, dst := c.Args[1], c.Args[2]
	c.LockKeys(src, dst)
	x := c.Lock(src)
	b, ok := c.lookupColl(x, engine.KindList, false)
	if !ok {
		return
	}
	if b != nil {
		c.lmove(fromLeft, toLeft)
		return
	}
	if !c.mayBlock() {
		c.Null()
		return
	}
	c.block(&waiter{kind: engine.KindList, op: opMove, left: fromLeft, toLeft: toLeft, dst: dst, count: -1}, [][]byte{src}, deadline)
}

// mpopArgs parses [B]LMPOP's and [B]ZMPOP's numkeys key [key ...] WHERE
// [COUNT count] from args[i] (lmpopGenericCommand, zmpopGenericCommand):
// it returns the keys, the side (LEFT or MAX: true) and the count. zset
// picks MIN|MAX rather than LEFT|RIGHT. On error it replies and reports
// false.
func (c *Ctx) mpopArgs(i int, zset bool) (keys [][]byte, where bool, count int64, ok bool) {
	numKeys, ok := c.rangeArg(c.Args[i], 1, errListNumkeys)
	if !ok {
		return nil, false, 0, false
	}
	if numKeys >= int64(len(c.Args)-i-1) {
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	whereIdx := i + 1 + int(numKeys)
	if zset {
		switch {
		case eqFold(c.Args[whereIdx], "MIN"):
			where = false
		case eqFold(c.Args[whereIdx], "MAX"):
			where = true
		default:
			c.Err(ErrSyntax)
			return nil, false, 0, false
		}
	} else if where, ok = c.listWhere(c.Args[whereIdx]); !ok {
		return nil, false, 0, false
	}
	count = -1
	for j := whereIdx + 1; j < len(c.Args); j++ {
		if count == -1 && eqFold(c.Args[j], "COUNT") && j+1 < len(c.Args) {
			j++
			if count, ok = c.rangeArg(c.Args[j], 1, errListCount); !ok {
				return nil, false, 0, false
			}
			continue
		}
		c.Err(ErrSyntax)
		return nil, false, 0, false
	}
	if count == -1 {
		count = 1
	}
	return c.Args[i+1 : whereIdx], where, count, true
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
func cmdBlmpop(c *Ctx) {
	keys, left, count, ok := c.mpopArgs(2, false)
	if !ok {
		return
	}
	c.blockingListPop(left, keys, c.Args[1], count)
}

// BZPOPMIN key [key ...] timeout
func cmdBzpopmin(c *Ctx) {
	c.blockingZpop(false, c.Args[1:len(c.Args)-1], c.Args[len(c.Args)-1], -1)
}

// BZPOPMAX key [key ...] timeout
func cmdBzpopmax(c *Ctx) {
	c.blockingZpop(true, c.Args[1:len(c.Args)-1], c.Args[len(c.Args)-1], -1)
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
func cmdBzmpop(c *Ctx) {
	keys, popMax, count, ok := c.mpopArgs(2, true)
	if !ok {
		return
	}
	c.blockingZpop(popMax, keys, c.Args[1], count)
}

// blockingZpop is BZPOPMIN, BZPOPMAX and BZMPOP
// (blockingGenericZpopCommand): count is -1 for the single pops.
func (c *Ctx) blockingZpop(popMax bool, keys [][]byte, timeout []byte, count int64) {
	deadline, ok := c.blockTimeout(timeout)
	if !ok {
		return
	}
	c.LockKeys(keys...)
	for _, key := range keys {
		x := c.Lock(key)
		b, ok := c.lookupColl(x, engine.KindZSet, false)
		x.Unlock()
		if !ok {
			return
		}
		if b == nil {
			continue
		}
		// Only this key: the keys before it are missing.
		if count == -1 {
			c.zpopGeneric([][]byte{key}, popMax, true, -1, false, false)
		} else {
			c.zpopGeneric([][]byte{key}, popMax, true, count, true, true)
		}
		return
	}
	if !c.mayBlock() {
		c.NullArray()
		return
	}
	op := opZPop
	if count != -1 {
		op = opZMPop
	}
	c.block(&waiter{kind: engine.KindZSet, op: op, left: popMax, count: count}, keys, deadline)
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
func cmdClientUnblock(c *Ctx) {
	if len(c.Args) > 4 {
		c.Err("ERR unknown subcommand or wrong number of arguments for '" + sanitize(string(c.Args[1])) + "'. Try CLIENT HELP.")
		return
	}
	withError := false
	if len(c.Args) == 4 {
		switch {
		case eqFold(c.Args[3], "TIMEOUT"):
		case eqFold(c.Args[3], "ERROR"):
			withError = true
		default:
			c.Err(errUnblockReason)
			return
		}
	}
	id, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if id > 0 && c.Blocked.Unblock(uint64(id), withError) {
		c.Int(1)
		return
	}
	c.Int(0)
}
