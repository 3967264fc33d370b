package redisext

import (
	"fmt"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/protocol/resp"
)

// The expected replies below were produced by redis-server 7.0.15 (sent
// the same commands over RESP and recorded byte for byte).

var (
	big = strings.Repeat("x", 65) // past hash-max-listpack-value
	b64 = strings.Repeat("y", 64) // at it
)

func TestHashSetGet(t *testing.T) {
	e := newKV(t)
	e.expect(":2\r\n", "HSET", "h", "a", "1", "b", "2", "a", "3")
	e.expect("*4\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n", "HGETALL", "h")
	e.expect("-ERR wrong number of arguments for 'hset' command\r\n", "HSET", "h")
	e.expect("-ERR wrong number of arguments for 'hset' command\r\n", "HSET", "h", "a")
	e.expect("-ERR wrong number of arguments for 'hset' command\r\n", "HSET", "h", "a", "1", "b")
	e.expect("+OK\r\n", "HMSET", "h", "c", "4")
	e.expect("-ERR wrong number of arguments for 'hmset' command\r\n", "HMSET", "h", "c")
	e.expect(":1\r\n", "HSET", "h", "b", "20", "d", "5")
	e.expect("*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n", "HKEYS", "h")
	e.expect("*4\r\n$1\r\n3\r\n$2\r\n20\r\n$1\r\n4\r\n$1\r\n5\r\n", "HVALS", "h")
	e.expect(":4\r\n", "HLEN", "h")
	e.expect(":0\r\n", "HLEN", "nokey")
	e.expect("$1\r\n3\r\n", "HGET", "h", "a")
	e.expect("$-1\r\n", "HGET", "h", "zz")
	e.expect("$-1\r\n", "HGET", "nokey", "a")
	e.expect("*3\r\n$1\r\n3\r\n$-1\r\n$2\r\n20\r\n", "HMGET", "h", "a", "zz", "b")
	e.expect("*2\r\n$-1\r\n$-1\r\n", "HMGET", "nokey", "a", "b")
	e.expect(":2\r\n", "HSTRLEN", "h", "b")
	e.expect(":0\r\n", "HSTRLEN", "h", "zz")
	e.expect(":0\r\n", "HSTRLEN", "nokey", "zz")
	e.expect(":1\r\n", "HEXISTS", "h", "b")
	e.expect(":0\r\n", "HEXISTS", "h", "zz")
	e.expect(":0\r\n", "HEXISTS", "nokey", "zz")
	e.expect(":0\r\n", "HSETNX", "h", "a", "9")
	e.expect(":1\r\n", "HSETNX", "h", "e", "")
	e.expect("$0\r\n\r\n", "HGET", "h", "e")
	e.expect(":1\r\n", "HSETNX", "nokey2", "f", "v")
	e.expect("*0\r\n", "HGETALL", "nokey")
	e.expect("*0\r\n", "HKEYS", "nokey")
	e.expect("*0\r\n", "HVALS", "nokey")
	e.expect("+OK\r\n", "SET", "s", "x")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HSET", "s", "a", "1")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HSETNX", "s", "a", "1")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HMSET", "s", "a", "1")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HGET", "s", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HMGET", "s", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HLEN", "s")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HSTRLEN", "s", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HEXISTS", "s", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HKEYS", "s")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HVALS", "s")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HGETALL", "s")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HDEL", "s", "a")
	e.expect("-ERR wrong number of arguments for 'hget' command\r\n", "HGET")
	e.expect("-ERR wrong number of arguments for 'hmget' command\r\n", "HMGET", "h")
	e.expect("-ERR wrong number of arguments for 'hsetnx' command\r\n", "HSETNX", "h", "a")
	e.expect("-ERR wrong number of arguments for 'hlen' command\r\n", "HLEN", "h", "x")
}

func TestHashDelIncr(t *testing.T) {
	e := newKV(t)
	e.expect(":3\r\n", "HSET", "d", "a", "1", "b", "2", "c", "3")
	e.expect(":0\r\n", "HDEL", "d", "zz")
	e.expect(":1\r\n", "HDEL", "d", "a", "a", "zz")
	e.expect("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HGETALL", "d")
	e.expect(":0\r\n", "HDEL", "nokey", "a")
	e.expect(":2\r\n", "HDEL", "d", "b", "c")
	e.expect(":0\r\n", "EXISTS", "d")
	e.expect(":21\r\n", "HSET", "m", "f1", "v1", "f2", "v2", "f3", "v3", "f4", "v4", "f5", "v5", "f6", "v6", "f7", "v7", "f8", "v8", "f9", "v9", "f10", "v10", "f11", "v11", "f12", "v12", "f13", "v13", "f14", "v14", "f15", "v15", "f16", "v16", "f17", "v17", "f18", "v18", "f19", "v19", "f20", "v20", "f5", "new", "f1", "again", "f21", "v21", "f21", "last")
	e.expect(":21\r\n", "HLEN", "m")
	e.expect("*11\r\n$2\r\nv3\r\n$-1\r\n$5\r\nagain\r\n$2\r\nv3\r\n$3\r\nv19\r\n$2\r\nv7\r\n$-1\r\n$3\r\nv20\r\n$2\r\nv2\r\n$3\r\nv11\r\n$2\r\nv4\r\n", "HMGET", "m", "f3", "f25", "f1", "f3", "f19", "f7", "f0", "f20", "f2", "f11", "f4")
	e.expect("$4\r\nlast\r\n", "HGET", "m", "f21")
	e.expect(":8\r\n", "HDEL", "m", "f3", "f25", "f1", "f3", "f19", "f7", "f0", "f20", "f2", "f11", "f4")
	e.expect("*13\r\n$2\r\nf5\r\n$2\r\nf6\r\n$2\r\nf8\r\n$2\r\nf9\r\n$3\r\nf10\r\n$3\r\nf12\r\n$3\r\nf13\r\n$3\r\nf14\r\n$3\r\nf15\r\n$3\r\nf16\r\n$3\r\nf17\r\n$3\r\nf18\r\n$3\r\nf21\r\n", "HKEYS", "m")
	e.expect(":5\r\n", "HINCRBY", "i", "f", "5")
	e.expect(":-5\r\n", "HINCRBY", "i", "f", "-10")
	e.expect("-ERR value is not an integer or out of range\r\n", "HINCRBY", "i", "f", "x")
	e.expect("-ERR value is not an integer or out of range\r\n", "HINCRBY", "i", "f", "1.5")
	e.expect("-ERR value is not an integer or out of range\r\n", "HINCRBY", "i", "f", "")
	e.expect(":9223372036854775802\r\n", "HINCRBY", "i", "f", "9223372036854775807")
	e.expect(":-1\r\n", "HINCRBY", "i", "f", "-9223372036854775803")
	e.expect(":-2\r\n", "HINCRBY", "i", "f", "-1")
	e.expect(":1\r\n", "HINCRBY", "i", "s", "1")
	e.expect(":1\r\n", "HINCRBY", "i", "n", "1")
	e.expect(":1\r\n", "HINCRBY", "i", "big", "1")
	e.expect(":1\r\n", "HINCRBY", "i", "z", "1")
	e.expect("$3\r\n1.5\r\n", "HINCRBYFLOAT", "i", "fl", "1.5")
	e.expect("$3\r\n1.6\r\n", "HINCRBYFLOAT", "i", "fl", "0.1")
	e.expect("$1\r\n0\r\n", "HINCRBYFLOAT", "i", "fl", "-1.6")
	e.expect("$4\r\n1000\r\n", "HINCRBYFLOAT", "i", "fl", "1e3")
	e.expect("-ERR value is not a valid float\r\n", "HINCRBYFLOAT", "i", "fl", "x")
	e.expect("-ERR value is NaN or Infinity\r\n", "HINCRBYFLOAT", "i", "fl", "inf")
	e.expect("-ERR value is NaN or Infinity\r\n", "HINCRBYFLOAT", "i", "fl", "-inf")
	e.expect("-ERR value is not a valid float\r\n", "HINCRBYFLOAT", "i", "fl", "nan")
	e.expect("-ERR value is not a valid float\r\n", "HINCRBYFLOAT", "i", "fl", "")
	e.expect("$1\r\n2\r\n", "HINCRBYFLOAT", "i", "s", "1")
	e.expect("$1\r\n2\r\n", "HINCRBYFLOAT", "i", "z", "1")
	e.expect("$1\r\n2\r\n", "HINCRBYFLOAT", "i", "n", "1")
	e.expect("$4\r\n-1.5\r\n", "HINCRBYFLOAT", "i", "f", "0.5")
	e.expect("$309\r\n179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384\r\n", "HINCRBYFLOAT", "i", "fl", "1.7976931348623157e308")
	if got := e.do("HINCRBYFLOAT", "i", "fl", "1e4932"); !strings.HasPrefix(got, "$4933\r\n10000000000000000000060189") {
		t.Errorf("HINCRBYFLOAT 1e4932 = %.40q", got)
	}
	e.expect("-ERR increment would produce NaN or Infinity\r\n", "HINCRBYFLOAT", "i", "fl", "1.18e4932")
	e.expect("-ERR increment would produce NaN or Infinity\r\n", "HINCRBYFLOAT", "i", "fl", "1.18e4932")
	if got := e.do("HINCRBYFLOAT", "i", "fl", "0x10"); !strings.HasPrefix(got, "$4933\r\n10000000000000000000060189") {
		t.Errorf("HINCRBYFLOAT 0x10 = %.40q", got)
	}
	e.expect("$1\r\n8\r\n", "HINCRBYFLOAT", "i", "hex", "0x1p3")
	e.expect("+OK\r\n", "SET", "s", "x")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HINCRBY", "s", "f", "1")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HINCRBYFLOAT", "s", "f", "1")
	e.expect("-ERR value is not an integer or out of range\r\n", "HINCRBY", "s", "f", "x")
	e.expect("-ERR value is NaN or Infinity\r\n", "HINCRBYFLOAT", "s", "f", "inf")
	e.expect("-ERR value is not a valid float\r\n", "HINCRBYFLOAT", "s", "f", "x")
}

func TestHashEncoding(t *testing.T) {
	e := newKV(t)
	e.expect(":1\r\n", "HSET", "e", "a", "1")
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "e")
	e.expect(":0\r\n", "HSET", "e", "a", b64)
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "e")
	e.expect(":1\r\n", "HSET", "e", "b", big)
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e")
	e.expect(":1\r\n", "HDEL", "e", "b")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e")
	e.expect(":1\r\n", "HSET", "e2", big, "1")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e2")
	e.expect(":1\r\n", "HSETNX", "e3", "a", big)
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e3")
	e.expect(":1\r\n", "HSET", "e4", "a", "1")
	e.expect(":0\r\n", "HSETNX", "e4", "a", big)
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "e4")
	e.expect(":1\r\n", "HINCRBY", "e5", big, "1")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e5")
	e.expect("$71\r\n10000000000000000000222479489586148259025995410601157579323600873193472\r\n", "HINCRBYFLOAT", "e6", "f", "1e70")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e6")
	e.expect(":1\r\n", "HSET", "e7", "a", "1")
	e.expect(":1\r\n", "COPY", "e2", "e8")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e8")
	e.expect("+OK\r\n", "RENAME", "e2", "e9")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "e9")
}

func TestHrandfieldHscan(t *testing.T) {
	e := newKV(t)
	e.expect(":3\r\n", "HSET", "r", "a", "1", "b", "2", "c", "3")
	e.expect("*0\r\n", "HRANDFIELD", "r", "0")
	e.expect("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "HRANDFIELD", "r", "3")
	e.expect("*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HRANDFIELD", "r", "10", "WITHVALUES")
	e.expect("*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HRANDFIELD", "r", "10", "withvalues")
	e.expect("-ERR syntax error\r\n", "HRANDFIELD", "r", "3", "WITHVALUE")
	e.expect("-ERR syntax error\r\n", "HRANDFIELD", "r", "3", "WITHVALUES", "x")
	e.expect("-ERR value is not an integer or out of range\r\n", "HRANDFIELD", "r", "x")
	e.expect("-ERR value is not an integer or out of range\r\n", "HRANDFIELD", "r", "1.5")
	e.expect("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n", "HRANDFIELD", "r", "-9223372036854775808")
	e.expect("-ERR value is out of range\r\n", "HRANDFIELD", "r", "-9223372036854770000", "WITHVALUES")
	e.expect("-ERR value is out of range\r\n", "HRANDFIELD", "r", "4611686018427387904", "WITHVALUES")
	e.expect("-ERR value is out of range\r\n", "HRANDFIELD", "r", "-4611686018427387904", "WITHVALUES")
	e.expect("-ERR syntax error\r\n", "HRANDFIELD", "r", "-4611686018427387903", "x")
	e.expect("*0\r\n", "HRANDFIELD", "r", "0", "WITHVALUES")
	e.expect("$-1\r\n", "HRANDFIELD", "nokey")
	e.expect("*0\r\n", "HRANDFIELD", "nokey", "5")
	e.expect("*0\r\n", "HRANDFIELD", "nokey", "-5", "WITHVALUES")
	e.expect("-ERR value is not an integer or out of range\r\n", "HRANDFIELD", "nokey", "x")
	e.expect("-ERR syntax error\r\n", "HRANDFIELD", "nokey", "1", "x")
	e.expect(":1\r\n", "HSET", "one", "f", "v")
	e.expect("$1\r\nf\r\n", "HRANDFIELD", "one")
	e.expect("*3\r\n$1\r\nf\r\n$1\r\nf\r\n$1\r\nf\r\n", "HRANDFIELD", "one", "-3")
	e.expect("*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "one", "-2", "WITHVALUES")
	e.expect("*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "one", "1", "WITHVALUES")
	e.expect("+OK\r\n", "SET", "s", "x")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HRANDFIELD", "s")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HRANDFIELD", "s", "1")
	e.expect("-ERR value is not an integer or out of range\r\n", "HRANDFIELD", "s", "x")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "HSCAN", "s", "0")
	e.expect("-ERR invalid cursor\r\n", "HSCAN", "s", "x")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HSCAN", "r", "0")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HSCAN", "r", "123")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HSCAN", "r", "-1")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HSCAN", "r", "")
	e.expect("-ERR invalid cursor\r\n", "HSCAN", "r", "x")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HSCAN", "r", "0", "COUNT", "1")
	e.expect("-ERR syntax error\r\n", "HSCAN", "r", "0", "count", "0")
	e.expect("-ERR syntax error\r\n", "HSCAN", "r", "0", "COUNT", "-1")
	e.expect("-ERR value is not an integer or out of range\r\n", "HSCAN", "r", "0", "COUNT", "x")
	e.expect("-ERR syntax error\r\n", "HSCAN", "r", "0", "MATCH")
	e.expect("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "HSCAN", "r", "0", "MATCH", "b")
	e.expect("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "HSCAN", "r", "0", "MATCH", "[ab]", "COUNT", "100")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "HSCAN", "r", "0", "match", "*", "count", "2")
	e.expect("*2\r\n$1\r\n0\r\n*0\r\n", "HSCAN", "r", "0", "MATCH", "nomatch")
	e.expect("-ERR syntax error\r\n", "HSCAN", "r", "0", "TYPE", "hash")
	e.expect("-ERR syntax error\r\n", "HSCAN", "r", "0", "COUNT", "2", "FOO")
	e.expect("*2\r\n$1\r\n0\r\n*0\r\n", "HSCAN", "nokey", "0", "FOO")
	e.expect("-ERR invalid cursor\r\n", "HSCAN", "nokey", "x")
	e.expect("-ERR wrong number of arguments for 'hscan' command\r\n", "HSCAN", "r")
	e.expect("-ERR invalid cursor\r\n", "HSCAN", "r", " 1")
}

func TestHashRESP3(t *testing.T) {
	e := newKV(t)
	e.c.Client.Proto = 3
	e.expect(":2\r\n", "HSET", "r", "a", "1", "b", "2")
	e.expect("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "HGETALL", "r")
	e.expect("%0\r\n", "HGETALL", "nokey")
	e.expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "HKEYS", "r")
	e.expect("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "HRANDFIELD", "r", "5", "WITHVALUES")
	e.expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "HRANDFIELD", "r", "5")
	e.expect("_\r\n", "HRANDFIELD", "nokey")
	e.expect("*0\r\n", "HRANDFIELD", "nokey", "3", "WITHVALUES")
	e.expect(":1\r\n", "HSET", "one", "f", "v")
	e.expect("*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "one", "-2", "WITHVALUES")
	e.expect("*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "one", "1", "WITHVALUES")
	e.expect("*2\r\n$1\r\nf\r\n$1\r\nf\r\n", "HRANDFIELD", "one", "-2")
	e.expect("*2\r\n$1\r\n1\r\n_\r\n", "HMGET", "r", "a", "zz")
	e.expect("_\r\n", "HGET", "r", "zz")
	e.expect("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "HSCAN", "r", "0")
	e.expect("$3\r\n2.5\r\n", "HINCRBYFLOAT", "r", "a", "1.5")
}

// TestHrandfieldRandom checks the random replies by their properties:
// distinct fields of the hash for a positive count, in the hash's order;
// any fields (repeats allowed) for a negative one; values matching.
func TestHrandfieldRandom(t *testing.T) {
	e := newKV(t)
	want := map[string]string{}
	args := []string{"HSET", "h"}
	for i := 0; i < 50; i++ {
		f, v := fmt.Sprint("f", i), fmt.Sprint("v", i)
		want[f] = v
		args = append(args, f, v)
	}
	e.do(args...)
	seenAll := map[string]bool{}
	for _, proto := range []int{2, 3} {
		e.c.Client.Proto = proto
		for _, count := range []int{1, 2, 10, 16, 17, 49, -1, -5, -200} {
			for _, withValues := range []bool{false, true} {
				cmd := []string{"HRANDFIELD", "h", fmt.Sprint(count)}
				if withValues {
					cmd = append(cmd, "WITHVALUES")
				}
				v, _, err := resp.ParseReply([]byte(e.do(cmd...)))
				if err != nil {
					t.Fatalf("%q: %v", cmd, err)
				}
				n := count
				if n < 0 {
					n = -n
				}
				var fields []string
				switch {
				case withValues && proto == 3:
					for _, p := range v.Elems {
						if len(p.Elems) != 2 || want[string(p.Elems[0].Str)] != string(p.Elems[1].Str) {
							t.Fatalf("%q: bad pair %v", cmd, p)
						}
						fields = append(fields, string(p.Elems[0].Str))
					}
				case withValues:
					if len(v.Elems)%2 != 0 {
						t.Fatalf("%q: odd reply length %d", cmd, len(v.Elems))
					}
					for i := 0; i < len(v.Elems); i += 2 {
						f := string(v.Elems[i].Str)
						if want[f] != string(v.Elems[i+1].Str) {
							t.Fatalf("%q: %s has value %q", cmd, f, v.Elems[i+1].Str)
						}
						fields = append(fields, f)
					}
				default:
					for _, el := range v.Elems {
						fields = append(fields, string(el.Str))
					}
				}
				if len(fields) != n {
					t.Fatalf("%q: %d fields, want %d", cmd, len(fields), n)
				}
				seen := map[string]bool{}
				last := -1
				for _, f := range fields {
					if _, ok := want[f]; !ok {
						t.Fatalf("%q: unknown field %q", cmd, f)
					}
					seenAll[f] = true
					if count > 0 {
						if seen[f] {
							t.Fatalf("%q: %q twice", cmd, f)
						}
						var idx int
						fmt.Sscanf(f, "f%d", &idx)
						if idx <= last {
							t.Fatalf("%q: %v not in the hash's order", cmd, fields)
						}
						last = idx
					}
					seen[f] = true
				}
			}
		}
	}
	for i := 0; i < 200; i++ {
		v, _, _ := resp.ParseReply([]byte(e.do("HRANDFIELD", "h")))
		if _, ok := want[string(v.Str)]; !ok {
			t.Fatalf("HRANDFIELD h = %q", v.Str)
		}
		seenAll[string(v.Str)] = true
	}
	if len(seenAll) < 45 {
		t.Errorf("only %d of 50 fields ever picked", len(seenAll))
	}
}

// TestHashListpackLimit: 512 fields stay a listpack (Redis 7.0.15's
// hash-max-listpack-entries), the 513th makes a hash table for good.
func TestHashListpackLimit(t *testing.T) {
	e := newKV(t)
	args := []string{"HSET", "h"}
	for i := 0; i < 512; i++ {
		args = append(args, fmt.Sprint("f", i), b64)
	}
	e.expect(":512\r\n", args...)
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "h")
	e.expect(":0\r\n", "HSETNX", "h", "f0", "v")
	e.expect(":1\r\n", "HINCRBY", "h", "n", "1")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "h")
	e.expect(":2\r\n", "HDEL", "h", "n", "f0")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "h")
	e.expect(":511\r\n", "HLEN", "h")
	e.do("EXPIRE", "h", "100")
	e.expect(":1\r\n", "HSET", "h", "x", "y") // keeps the TTL
	e.expect(":100\r\n", "TTL", "h")
}

// TestHashChained: a hash past the size the slab keeps contiguous is
// read from a copy (lookupColl) and rewritten whole.
func TestHashChained(t *testing.T) {
	e := newKV(t)
	val := strings.Repeat("v", 100<<10)
	for i := 0; i < 7; i++ {
		e.expect(":1\r\n", "HSET", "h", fmt.Sprint("f", i), val+fmt.Sprint(i))
	}
	e.expect(":7\r\n", "HLEN", "h")
	e.expect(fmt.Sprintf("$%d\r\n%s3\r\n", len(val)+1, val), "HGET", "h", "f3")
	e.expect(":1\r\n", "HDEL", "h", "f3")
	e.expect("*6\r\n$2\r\nf0\r\n$2\r\nf1\r\n$2\r\nf2\r\n$2\r\nf4\r\n$2\r\nf5\r\n$2\r\nf6\r\n", "HKEYS", "h")
	e.expect(":102406\r\n", "HINCRBY", "h", "n", "102406")
	e.expect(":102401\r\n", "HSTRLEN", "h", "f6")
	// Past proto-max-bulk-len: refused, nothing changed.
	withMaxValue(t, 1<<20)
	if got := e.do("HSET", "h", "huge", strings.Repeat("z", 500<<10)); got != rerr(ErrTooLarge) {
		t.Errorf("HSET past the item size = %q", got)
	}
	e.expect(":7\r\n", "HLEN", "h")
}

func TestHashKeyspaceEvents(t *testing.T) {
	e := newKV(t)
	rc := &recConn{}
	sub := NewCtx(e.c.Shared, NewClient(2, rc, e.host.Now(), true))
	sub.Dispatch([][]byte{[]byte("PSUBSCRIBE"), []byte("__keyevent@*")})
	e.c.Shared.Notify.Configure("Eghnm")
	rc.events(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"HSET", "h", "a", "1"}, "[0 new h 0 hset h]"},
		{[]string{"HMSET", "h", "a", "2", "b", "3"}, "[0 hset h]"},
		{[]string{"HSETNX", "h", "a", "1"}, "[]"},
		{[]string{"HSETNX", "h", "c", "1"}, "[0 hset h]"},
		{[]string{"HSETNX", "h2", "c", "1"}, "[0 new h2 0 hset h2]"},
		{[]string{"HINCRBY", "h", "n", "1"}, "[0 hincrby h]"},
		{[]string{"HINCRBY", "h3", "n", "1"}, "[0 new h3 0 hincrby h3]"},
		{[]string{"HINCRBY", "h", "a", "x"}, "[]"},
		{[]string{"HINCRBYFLOAT", "h", "f", "1.5"}, "[0 hincrbyfloat h]"},
		{[]string{"HINCRBYFLOAT", "h", "a", "inf"}, "[]"},
		{[]string{"HGET", "nope", "a"}, "[0 keymiss nope]"},
		{[]string{"HGETALL", "nope"}, "[0 keymiss nope]"},
		{[]string{"HDEL", "h", "zz"}, "[]"},
		{[]string{"HDEL", "h", "a", "b"}, "[0 hdel h]"},
		{[]string{"HDEL", "h", "c", "n", "f"}, "[0 hdel h 0 del h]"},
		{[]string{"HDEL", "h", "c"}, "[]"},
	} {
		e.do(c.args...)
		if got := fmt.Sprint(rc.events(t)); got != c.want {
			t.Errorf("%q: events %s, want %s", c.args, got, c.want)
		}
	}
}

// TestArgSet checks the field index on both of its paths (linear up to
// linearMax arguments, hashed beyond).
func TestArgSet(t *testing.T) {
	for _, n := range []int{1, 3, linearMax, linearMax + 1, 100} {
		args := [][]byte{[]byte("CMD")}
		for i := 0; i < n; i++ {
			args = append(args, []byte(fmt.Sprint("a", i%(n/2+1))))
		}
		s := newArgSet(args, 1, 1, n)
		for i := 0; i < n; i++ {
			first := i % (n/2 + 1)
			if int(s.dup[i]) != first {
				t.Errorf("n=%d: dup[%d] = %d, want %d", n, i, s.dup[i], first)
			}
			if got := s.find(args[1+i]); got != first {
				t.Errorf("n=%d: find(%s) = %d, want %d", n, args[1+i], got, first)
			}
		}
		if s.find([]byte("zz")) != -1 {
			t.Errorf("n=%d: found a missing argument", n)
		}
		s.put()
	}
}

// hashLimits sets the hash limits, the others at their defaults.
func hashLimits(entries, value int64) {
	SetEncodingLimits(EncodingLimits{HashEntries: entries, HashValue: value, SetIntset: setMaxIntsetDefault,
		ZSetEntries: 128, ZSetValue: 64, MaxValue: 512 << 20})
}

// TestHashListpackConfig: the limits follow SetEncodingLimits (CONFIG
// SET hash-max-listpack-*), as Redis's "HINCRBYFLOAT over
// hash-max-listpack-value encoded with a listpack" test expects.
func TestHashListpackConfig(t *testing.T) {
	e := newKV(t)
	hashLimits(512, 8)
	t.Cleanup(func() { hashLimits(512, 64) })
	e.do("HSET", "small", "tmp", "0")
	e.do("HSET", "big", "tmp", "0")
	e.expect("$8\r\n0.000005\r\n", "HINCRBYFLOAT", "small", "tmp", "0.000005")
	e.expect("$9\r\n0.0000005\r\n", "HINCRBYFLOAT", "big", "tmp", "0.0000005")
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "small")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "big")
	e.do("HINCRBYFLOAT", "small2", "abcdefgh", "1")
	e.do("HINCRBYFLOAT", "big2", "abcdefghi", "1")
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "small2")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "big2")
	hashLimits(2, 64)
	e.expect(":2\r\n", "HSET", "n", "a", "1", "b", "2")
	e.expect("$8\r\nlistpack\r\n", "OBJECT", "ENCODING", "n")
	e.expect(":1\r\n", "HSET", "n", "c", "3")
	e.expect("$9\r\nhashtable\r\n", "OBJECT", "ENCODING", "n")
}

// TestHashAllocs: the hash commands build their encodings in reused
// buffers and pooled indexes, allocating nothing per call once warm
// (HINCRBYFLOAT's long-double arithmetic excepted).
func TestHashAllocs(t *testing.T) {
	if psRace {
		t.Skip("sync.Pool drops items under the race detector")
	}
	e := newKV(t)
	for _, cmd := range [][]string{
		{"HSET", "h", "a", "1", "b", "2"}, {"HSET", "h", "a", "3"}, {"HSETNX", "h", "a", "3"}, {"HGET", "h", "a"},
		{"HMGET", "h", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}, {"HINCRBY", "h", "n", "1"},
		{"HGETALL", "h"}, {"HDEL", "h", "zz"}, {"HRANDFIELD", "h", "-5", "WITHVALUES"},
		{"HRANDFIELD", "h", "2"}, {"HSCAN", "h", "0", "MATCH", "a*"}, {"HLEN", "h"},
	} {
		b := make([][]byte, len(cmd))
		for i, a := range cmd {
			b[i] = []byte(a)
		}
		if n := testing.AllocsPerRun(100, func() { e.c.Out = e.c.Out[:0]; e.c.Dispatch(b) }); n != 0 {
			t.Errorf("%q: %v allocations", cmd, n)
		}
	}
}
