package redisext

import (
	"fmt"
	"strings"
	"testing"
)

// The expected replies below were checked against redis-server 7.0.15.

func TestListEncoding(t *testing.T) {
	for _, n := range []int{0, 1, 5, 122, 123, 124, 127, 128, 200, 16380, 16381, 16383, 16384, 70000} {
		e := []byte(strings.Repeat("x", n))
		b := appendListHdr(nil, 2, 3)
		b = appendListEntry(b, []byte("first"))
		b = appendListEntry(b, e)
		b = finishList(b, 5)
		if len(b) != listHdr+3+listEntrySize(5)+listEntrySize(n)+5 {
			t.Fatalf("n=%d: size %d", n, len(b))
		}
		start, end := listBody(b)
		got, next := listNext(b, start)
		got2, next2 := listNext(b, next)
		if string(got) != "first" || len(got2) != n || next2 != end {
			t.Fatalf("n=%d: forward %q, %d bytes, end %d/%d", n, got, len(got2), next2, end)
		}
		back, s := listPrev(b, end)
		back2, s2 := listPrev(b, s)
		if len(back) != n || s != next || string(back2) != "first" || s2 != start {
			t.Fatalf("n=%d: backward", n)
		}
		if listSeek(b, 1) != next || listSeek(b, 0) != start {
			t.Fatalf("n=%d: seek", n)
		}
	}
}

func TestListPushPop(t *testing.T) {
	e := newKV(t)
	e.expect(":3\r\n", "RPUSH", "l", "a", "b", "c")
	e.expect(":5\r\n", "LPUSH", "l", "x", "y") // y x a b c
	e.expect("*5\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "LRANGE", "l", "0", "-1")
	e.expect("$1\r\ny\r\n", "LPOP", "l")
	e.expect("*2\r\n$1\r\nc\r\n$1\r\nb\r\n", "RPOP", "l", "2")
	e.expect("*0\r\n", "LPOP", "l", "0")
	e.expect(rerr("ERR value is out of range, must be positive"), "LPOP", "l", "-1")
	e.expect(rerr("ERR value is out of range, must be positive"), "RPOP", "l", "x")
	e.expect(rerr("ERR wrong number of arguments for 'lpop' command"), "LPOP", "l", "1", "2")
	e.expect("*-1\r\n", "LPOP", "nokey", "2")
	e.expect(rNull, "RPOP", "nokey")
	e.expect("*2\r\n$1\r\nx\r\n$1\r\na\r\n", "LPOP", "l", "10")
	e.expect(rZero, "EXISTS", "l") // emptied: deleted
	e.expect(rZero, "LPUSHX", "l", "a")
	e.expect(rZero, "RPUSHX", "l", "a")
	e.expect(rOne, "RPUSH", "l", "a")
	e.expect(":3\r\n", "RPUSHX", "l", "b", "c")
	e.expect(":4\r\n", "LPUSHX", "l", "z")
	e.expect(":4\r\n", "LLEN", "l")
	e.expect(rZero, "LLEN", "nokey")
	e.expect("$9\r\nquicklist\r\n", "OBJECT", "ENCODING", "l")
	e.expect("+list\r\n", "TYPE", "l")
	e.do("SET", "s", "v")
	for _, cmd := range [][]string{{"LPUSH", "s", "a"}, {"RPUSHX", "s", "a"}, {"LPOP", "s"}, {"RPOP", "s", "2"},
		{"LLEN", "s"}, {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "0"}, {"LSET", "s", "0", "a"},
		{"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"}, {"LTRIM", "s", "0", "1"},
		{"LPOS", "s", "a"}, {"LMOVE", "s", "l", "LEFT", "LEFT"}, {"RPOPLPUSH", "l", "s"}, {"LMPOP", "1", "s", "LEFT"}} {
		e.expect(rerr(ErrWrongType), cmd...)
	}
	e.expect(":4\r\n", "LLEN", "l") // RPOPLPUSH l s changed nothing
	// RESP3 nulls.
	e.do("HELLO", "3")
	e.expect("_\r\n", "LPOP", "nokey")
	e.expect("_\r\n", "RPOP", "nokey", "1")
	e.expect("_\r\n", "LINDEX", "nokey", "0")
	e.expect("_\r\n", "LMPOP", "1", "nokey", "LEFT")
}

func TestListIndexAndEdit(t *testing.T) {
	e := newKV(t)
	e.do("RPUSH", "l", "a", "b", "c", "a", "b", "a")
	e.expect("$1\r\nc\r\n", "LINDEX", "l", "2")
	e.expect("$1\r\na\r\n", "LINDEX", "l", "-1")
	e.expect(rNull, "LINDEX", "l", "6")
	e.expect(rNull, "LINDEX", "l", "-7")
	e.expect(rerr(ErrNotInteger), "LINDEX", "l", "x")
	e.expect(rNull, "LINDEX", "nokey", "x") // the key is looked up first
	e.expect(rOK, "LSET", "l", "-1", "Z")
	e.expect(rerr("ERR index out of range"), "LSET", "l", "6", "Z")
	e.expect(rerr(ErrNoSuchKey), "LSET", "nokey", "0", "Z")
	e.expect(":7\r\n", "LINSERT", "l", "before", "b", "B")
	e.expect(":8\r\n", "LINSERT", "l", "AFTER", "Z", "end")
	e.expect(":-1\r\n", "LINSERT", "l", "AFTER", "nope", "x")
	e.expect(rZero, "LINSERT", "nokey", "AFTER", "a", "x")
	e.expect(rerr(ErrSyntax), "LINSERT", "l", "MIDDLE", "a", "x")
	e.expect("*8\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nZ\r\n$3\r\nend\r\n", "LRANGE", "l", "0", "-1")
	e.expect("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", "LRANGE", "l", "2", "3")
	e.expect("*0\r\n", "LRANGE", "l", "5", "2")
	e.expect("*0\r\n", "LRANGE", "nokey", "0", "-1")
	e.expect("*1\r\n$3\r\nend\r\n", "LRANGE", "l", "-1", "100")
	e.expect(rerr(ErrNotInteger), "LRANGE", "l", "0", "x")
	// LREM from the head, the tail, all.
	e.expect(rOne, "LREM", "l", "1", "b")
	e.expect(rOne, "LREM", "l", "-1", "a")
	e.expect(rZero, "LREM", "l", "0", "nope")
	e.expect("*6\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nZ\r\n$3\r\nend\r\n", "LRANGE", "l", "0", "-1")
	// LTRIM.
	e.expect(rOK, "LTRIM", "l", "1", "-2")
	e.expect("*4\r\n$1\r\nB\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nZ\r\n", "LRANGE", "l", "0", "-1")
	e.expect(rOK, "LTRIM", "nokey", "0", "1")
	e.expect(rOK, "LTRIM", "l", "3", "1")
	e.expect(rZero, "EXISTS", "l")
	e.do("RPUSH", "l", "x", "x", "y")
	e.expect(":2\r\n", "LREM", "l", "0", "x")
}

func TestListPos(t *testing.T) {
	e := newKV(t)
	e.do("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c")
	e.expect(":2\r\n", "LPOS", "l", "c")
	e.expect(":6\r\n", "LPOS", "l", "c", "RANK", "2")
	e.expect(":7\r\n", "LPOS", "l", "c", "RANK", "-1")
	e.expect(":6\r\n", "LPOS", "l", "c", "RANK", "-2")
	e.expect("*2\r\n:2\r\n:6\r\n", "LPOS", "l", "c", "COUNT", "2")
	e.expect("*3\r\n:2\r\n:6\r\n:7\r\n", "LPOS", "l", "c", "COUNT", "0")
	e.expect("*2\r\n:7\r\n:6\r\n", "LPOS", "l", "c", "RANK", "-1", "COUNT", "2")
	e.expect("*1\r\n:2\r\n", "LPOS", "l", "c", "COUNT", "0", "MAXLEN", "6")
	e.expect(rNull, "LPOS", "l", "c", "MAXLEN", "1")
	e.expect(rNull, "LPOS", "l", "x")
	e.expect("*0\r\n", "LPOS", "l", "x", "COUNT", "5")
	e.expect("*0\r\n", "LPOS", "nokey", "x", "COUNT", "5")
	e.expect(rNull, "LPOS", "nokey", "x")
	e.expect(rerr(errListRankZero), "LPOS", "l", "c", "RANK", "0")
	e.expect(rerr("ERR COUNT can't be negative"), "LPOS", "l", "c", "COUNT", "-1")
	e.expect(rerr("ERR MAXLEN can't be negative"), "LPOS", "l", "c", "MAXLEN", "x")
	e.expect(rerr(ErrSyntax), "LPOS", "l", "c", "RANK")
	e.expect(rerr(ErrSyntax), "LPOS", "l", "c", "FOO", "1")
	// Redis's wrapping arithmetic for the most negative rank.
	e.expect(":7\r\n", "LPOS", "l", "c", "RANK", "-9223372036854775808")
	e.expect("*3\r\n:7\r\n:6\r\n:2\r\n", "LPOS", "l", "c", "RANK", "-9223372036854775808", "COUNT", "1")
}

func TestListMove(t *testing.T) {
	e := newKV(t)
	e.do("RPUSH", "src", "a", "b", "c")
	e.expect("$1\r\nc\r\n", "RPOPLPUSH", "src", "dst")
	e.expect("$1\r\na\r\n", "LMOVE", "src", "dst", "LEFT", "RIGHT")
	e.expect("*2\r\n$1\r\nc\r\n$1\r\na\r\n", "LRANGE", "dst", "0", "-1")
	e.expect("$1\r\nc\r\n", "LMOVE", "dst", "dst", "LEFT", "RIGHT") // rotate
	e.expect("*2\r\n$1\r\na\r\n$1\r\nc\r\n", "LRANGE", "dst", "0", "-1")
	e.expect("$1\r\nb\r\n", "LMOVE", "src", "src", "left", "left") // one element onto itself
	e.expect("*1\r\n$1\r\nb\r\n", "LRANGE", "src", "0", "-1")
	e.expect(rNull, "LMOVE", "nokey", "dst", "LEFT", "LEFT")
	e.expect(rerr(ErrSyntax), "LMOVE", "src", "dst", "UP", "LEFT")
	e.do("SET", "s", "v")
	e.expect(rNull, "LMOVE", "nokey", "s", "LEFT", "LEFT") // the source is looked at first
	e.expect(rerr(ErrWrongType), "LMOVE", "src", "s", "LEFT", "LEFT")
	e.expect("$1\r\nb\r\n", "LMOVE", "src", "dst", "RIGHT", "LEFT")
	e.expect(rZero, "EXISTS", "src")
	// LMPOP.
	e.expect("*2\r\n$3\r\ndst\r\n*1\r\n$1\r\nb\r\n", "LMPOP", "2", "nokey", "dst", "LEFT")
	e.expect("*2\r\n$3\r\ndst\r\n*2\r\n$1\r\nc\r\n$1\r\na\r\n", "LMPOP", "1", "dst", "RIGHT", "COUNT", "5")
	e.expect("*-1\r\n", "LMPOP", "2", "dst", "nokey", "LEFT")
	e.expect(rerr("ERR numkeys should be greater than 0"), "LMPOP", "0", "dst", "LEFT")
	e.expect(rerr("ERR numkeys should be greater than 0"), "LMPOP", "x", "dst", "LEFT")
	e.expect(rerr(ErrSyntax), "LMPOP", "3", "dst", "LEFT")
	e.expect(rerr(ErrSyntax), "LMPOP", "1", "dst", "UP")
	e.expect(rerr("ERR count should be greater than 0"), "LMPOP", "1", "dst", "LEFT", "COUNT", "0")
	e.expect(rerr(ErrSyntax), "LMPOP", "1", "dst", "LEFT", "COUNT", "1", "COUNT", "1")
	e.expect(rerr(ErrSyntax), "LMPOP", "1", "dst", "LEFT", "COUNT")
	e.expect(rerr(ErrWrongType), "LMPOP", "2", "nokey", "s", "LEFT")
}

// TestListGrowth pushes and pops many elements at both ends, through the
// in-place paths, the regrowths and the compaction, checking the contents
// against a model.
func TestListGrowth(t *testing.T) {
	e := newKV(t)
	var model []string
	for i := 0; i < 3000; i++ {
		v := fmt.Sprint(i, strings.Repeat("v", i%40))
		if i%3 == 0 {
			e.do("LPUSH", "l", v)
			model = append([]string{v}, model...)
		} else {
			e.do("RPUSH", "l", v)
			model = append(model, v)
		}
	}
	check := func() {
		t.Helper()
		if got := e.do("LLEN", "l"); got != fmt.Sprintf(":%d\r\n", len(model)) {
			t.Fatalf("LLEN %q, model %d", got, len(model))
		}
		for _, i := range []int{0, len(model) / 3, len(model) - 1} {
			if got := e.do("LINDEX", "l", fmt.Sprint(i)); got != fmt.Sprintf("$%d\r\n%s\r\n", len(model[i]), model[i]) {
				t.Fatalf("LINDEX %d = %q, want %q", i, got, model[i])
			}
		}
	}
	check()
	for len(model) > 10 {
		e.do("LPOP", "l")
		e.do("RPOP", "l", "2")
		model = model[1 : len(model)-2]
		if len(model)%97 == 0 {
			check()
		}
	}
	check()
}

// TestListInPlaceNoAllocs: pushes and pops at either end of a list of
// contiguous value allocate nothing.
func TestListInPlaceNoAllocs(t *testing.T) {
	e := newKV(t)
	for i := 0; i < 1000; i++ {
		e.do("RPUSH", "l", "xxx")
	}
	for _, cmd := range [][]string{{"LPUSH", "l", "xxx"}, {"RPUSH", "l", "xxx"}, {"LPOP", "l"}, {"RPOP", "l"}, {"LRANGE", "l", "0", "99"}} {
		args := make([][]byte, len(cmd))
		for i, a := range cmd {
			args[i] = []byte(a)
		}
		e.c.Dispatch(args)
		n := testing.AllocsPerRun(200, func() {
			e.c.Out = e.c.Out[:0]
			e.c.Dispatch(args)
		})
		if n > 0 {
			t.Errorf("%s: %.1f allocations per call", cmd[0], n)
		}
	}
}

func TestListNotifications(t *testing.T) {
	e := newPSEnv(t)
	sub, c := e.client(), e.client()
	e.sh.Notify.Configure("Klg")
	sub.do("PSUBSCRIBE __keyspace@0__:*")
	sub.conn.take()
	ev := func(key, event string) string {
		return msg('*', "pmessage", "__keyspace@0__:*", "__keyspace@0__:"+key, event)
	}
	c.do("RPUSH src a b")
	c.do("LPUSH src z")
	c.do("RPOPLPUSH src dst")
	c.do("LMOVE src dst LEFT RIGHT")
	c.do("LSET dst 0 q")
	c.do("LINSERT dst AFTER q r")
	c.do("LREM dst 1 r")
	c.do("LTRIM dst 0 0")
	c.do("LPOP src")
	c.do("LMPOP 1 dst RIGHT")
	expect(t, "events", sub.conn.take(),
		ev("src", "rpush")+ev("src", "lpush")+
			ev("dst", "lpush")+ev("src", "rpop")+
			ev("dst", "rpush")+ev("src", "lpop")+
			ev("dst", "lset")+ev("dst", "linsert")+ev("dst", "lrem")+ev("dst", "ltrim")+
			ev("src", "lpop")+ev("src", "del")+
			ev("dst", "rpop")+ev("dst", "del"))
}
