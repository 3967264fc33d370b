package redisext

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/protocol/resp"
)

// The expected replies below were recorded from redis-server 7.0.15.

func TestZsetCommands(t *testing.T) {
	e := newKV(t)
	e.expect(":3\r\n", "zadd", "z", "1", "a", "2", "b", "3", "c")
	e.expect(":0\r\n", "zadd", "z", "1.5", "a")
	e.expect(":1\r\n", "zadd", "z", "nx", "10", "a", "4", "d")
	e.expect(":1\r\n", "zadd", "z", "xx", "ch", "11", "a", "5", "e")
	e.expect(":1\r\n", "zadd", "z", "gt", "ch", "1", "a", "20", "b")
	e.expect(":1\r\n", "zadd", "z", "lt", "ch", "1", "a", "30", "b")
	e.expect("$1\r\n2\r\n", "zadd", "z", "incr", "1", "a")
	e.expect("$-1\r\n", "zadd", "z", "incr", "nx", "1", "a")
	e.expect("$-1\r\n", "zadd", "z", "xx", "incr", "1", "zz")
	e.expect("-ERR XX and NX options at the same time are not compatible\r\n", "zadd", "z", "nx", "xx", "1", "a")
	e.expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "zadd", "z", "gt", "lt", "1", "a")
	e.expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "zadd", "z", "gt", "nx", "1", "a")
	e.expect("-ERR INCR option supports a single increment-element pair\r\n", "zadd", "z", "incr", "1", "a", "2", "b")
	e.expect("-ERR wrong number of arguments for 'zadd' command\r\n", "zadd", "z", "1")
	e.expect("-ERR value is not a valid float\r\n", "zadd", "z", "abc", "a")
	e.expect("-ERR value is not a valid float\r\n", "zadd", "z", "nan", "a")
	e.expect(":2\r\n", "zadd", "z", "inf", "x", "-inf", "y")
	e.expect("-ERR resulting score is not a number (NaN)\r\n", "zadd", "z", "incr", "-inf", "x")
	e.expect(":4\r\n", "zadd", "z", "0.1", "p", "1e300", "q", "-0", "r", "3.0000000000000004", "s")
	e.expect("*20\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nr\r\n$1\r\n0\r\n$1\r\np\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\ns\r\n$18\r\n3.0000000000000004\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nb\r\n$2\r\n20\r\n$1\r\nq\r\n$23\r\n1.0000000000000001e+300\r\n$1\r\nx\r\n$3\r\ninf\r\n", "zrange", "z", "0", "-1", "withscores")
	e.expect("$19\r\n0.10000000000000001\r\n", "zscore", "z", "p")
	e.expect("$-1\r\n", "zscore", "z", "nosuch")
	e.expect("$-1\r\n", "zscore", "nokey", "a")
	e.expect("*3\r\n$1\r\n2\r\n$19\r\n0.10000000000000001\r\n$-1\r\n", "zmscore", "z", "a", "p", "nosuch")
	e.expect("*2\r\n$-1\r\n$-1\r\n", "zmscore", "nokey", "a", "b")
	e.expect("$3\r\n4.5\r\n", "zincrby", "z", "2.5", "a")
	e.expect("-ERR value is not a valid float\r\n", "zincrby", "z", "abc", "a")
	e.expect("$1\r\n1\r\n", "zincrby", "z", "1", "newm")
	e.expect(":11\r\n", "zcard", "z")
	e.expect(":0\r\n", "zcard", "nokey")
	e.expect(":7\r\n", "zrank", "z", "a")
	e.expect(":3\r\n", "zrevrank", "z", "a")
	e.expect("$-1\r\n", "zrank", "z", "nosuch")
	e.expect("$-1\r\n", "zrank", "nokey", "a")
	e.expect("*11\r\n$1\r\ny\r\n$1\r\nr\r\n$1\r\np\r\n$4\r\nnewm\r\n$1\r\nc\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nq\r\n$1\r\nx\r\n", "zrange", "z", "0", "-1")
	e.expect("*6\r\n$1\r\np\r\n$19\r\n0.10000000000000001\r\n$4\r\nnewm\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n", "zrange", "z", "2", "4", "withscores")
	e.expect("*6\r\n$1\r\np\r\n$19\r\n0.10000000000000001\r\n$1\r\nr\r\n$1\r\n0\r\n$1\r\ny\r\n$4\r\n-inf\r\n", "zrange", "z", "-3", "-1", "rev", "withscores")
	e.expect("*0\r\n", "zrange", "z", "5", "2")
	e.expect("*0\r\n", "zrange", "z", "100", "200")
	e.expect("-ERR value is not an integer or out of range\r\n", "zrange", "z", "a", "b")
	e.expect("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n", "zrange", "z", "0", "-1", "limit", "0", "1")
	e.expect("*8\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\ns\r\n$18\r\n3.0000000000000004\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\na\r\n$3\r\n4.5\r\n", "zrange", "z", "(1", "5", "byscore", "withscores")
	e.expect("*8\r\n$1\r\na\r\n$3\r\n4.5\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ns\r\n$18\r\n3.0000000000000004\r\n$1\r\nc\r\n$1\r\n3\r\n", "zrange", "z", "5", "(1", "byscore", "rev", "withscores")
	e.expect("*2\r\n$1\r\nr\r\n$1\r\np\r\n", "zrange", "z", "-inf", "+inf", "byscore", "limit", "1", "2")
	e.expect("*0\r\n", "zrange", "z", "-inf", "+inf", "byscore", "limit", "-1", "2")
	e.expect("*10\r\n$1\r\nr\r\n$1\r\np\r\n$4\r\nnewm\r\n$1\r\nc\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nq\r\n$1\r\nx\r\n", "zrange", "z", "-inf", "+inf", "byscore", "limit", "1", "-1")
	e.expect("*6\r\n$1\r\nb\r\n$2\r\n20\r\n$1\r\na\r\n$3\r\n4.5\r\n$1\r\nd\r\n$1\r\n4\r\n", "zrange", "z", "+inf", "-inf", "byscore", "rev", "limit", "2", "3", "withscores")
	e.expect("-ERR min or max is not a float\r\n", "zrange", "z", "x", "y", "byscore")
	e.expect("-ERR syntax error\r\n", "zrange", "z", "1", "2", "byscore", "byscore")
	e.expect("-ERR min or max not valid string range item\r\n", "zrange", "z", "1", "2", "bylex")
	e.expect("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n", "zrange", "z", "-", "+", "bylex", "withscores")
	e.expect("*11\r\n$1\r\ny\r\n$1\r\nr\r\n$1\r\np\r\n$4\r\nnewm\r\n$1\r\nc\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nq\r\n$1\r\nx\r\n", "zrange", "z", "-", "+", "bylex")
	e.expect("*0\r\n", "zrange", "z", "[a", "(c", "bylex")
	e.expect("*0\r\n", "zrange", "z", "(c", "[a", "bylex", "rev")
	e.expect("*2\r\n$1\r\nr\r\n$1\r\np\r\n", "zrange", "z", "-", "+", "bylex", "limit", "1", "2")
	e.expect("*2\r\n$4\r\nnewm\r\n$1\r\nc\r\n", "zrangebyscore", "z", "1", "3")
	e.expect("*1\r\n$1\r\nr\r\n", "zrangebyscore", "z", "", "")
	e.expect("*6\r\n$1\r\np\r\n$4\r\nnewm\r\n$1\r\nc\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\na\r\n", "zrangebyscore", "z", "(", "5")
	e.expect("*5\r\n$4\r\nnewm\r\n$1\r\nc\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\na\r\n", "zrangebyscore", "z", " 1", "5")
	e.expect("*1\r\n$1\r\nx\r\n", "zrangebyscore", "z", "1e500", "1e600")
	e.expect("*22\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nr\r\n$1\r\n0\r\n$1\r\np\r\n$19\r\n0.10000000000000001\r\n$4\r\nnewm\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\ns\r\n$18\r\n3.0000000000000004\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\na\r\n$3\r\n4.5\r\n$1\r\nb\r\n$2\r\n20\r\n$1\r\nq\r\n$23\r\n1.0000000000000001e+300\r\n$1\r\nx\r\n$3\r\ninf\r\n", "zrangebyscore", "z", "-1e500", "1e600", "withscores")
	e.expect("-ERR syntax error\r\n", "zrangebyscore", "z", "1", "3", "rev")
	e.expect("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", "zrevrangebyscore", "z", "3", "1", "withscores", "limit", "0", "1")
	e.expect("*11\r\n$1\r\ny\r\n$1\r\nr\r\n$1\r\np\r\n$4\r\nnewm\r\n$1\r\nc\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nq\r\n$1\r\nx\r\n", "zrangebylex", "z", "-", "+")
	e.expect("*1\r\n$1\r\nq\r\n", "zrevrangebylex", "z", "+", "-", "limit", "1", "1")
	e.expect("*4\r\n$1\r\nx\r\n$3\r\ninf\r\n$1\r\nq\r\n$23\r\n1.0000000000000001e+300\r\n", "zrevrange", "z", "0", "1", "withscores")
	e.expect(":11\r\n", "zcount", "z", "-inf", "+inf")
	e.expect(":1\r\n", "zcount", "z", "(1", "3")
	e.expect("-ERR min or max is not a float\r\n", "zcount", "z", "a", "b")
	e.expect(":0\r\n", "zcount", "nokey", "0", "1")
	e.expect(":11\r\n", "zlexcount", "z", "-", "+")
	e.expect(":0\r\n", "zlexcount", "z", "[a", "[c")
	e.expect("-ERR min or max not valid string range item\r\n", "zlexcount", "z", "a", "c")
	e.expect("*2\r\n$1\r\ny\r\n$4\r\n-inf\r\n", "zpopmin", "z")
	e.expect("*4\r\n$1\r\nx\r\n$3\r\ninf\r\n$1\r\nq\r\n$23\r\n1.0000000000000001e+300\r\n", "zpopmax", "z", "2")
	e.expect("*0\r\n", "zpopmin", "z", "0")
	e.expect("-ERR value is out of range, must be positive\r\n", "zpopmin", "z", "-1")
	e.expect("-ERR syntax error\r\n", "zpopmin", "z", "1", "2")
	e.expect("*0\r\n", "zpopmin", "nokey")
	e.expect("*0\r\n", "zpopmin", "nokey", "3")
	e.expect(":1\r\n", "zremrangebyrank", "z", "0", "0")
	e.expect(":2\r\n", "zremrangebyscore", "z", "-inf", "(2")
	e.expect(":0\r\n", "zremrangebylex", "z", "-", "[b")
	e.expect("*10\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\ns\r\n$18\r\n3.0000000000000004\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\na\r\n$3\r\n4.5\r\n$1\r\nb\r\n$2\r\n20\r\n", "zrange", "z", "0", "-1", "withscores")
	e.expect(":2\r\n", "zrem", "z", "a", "b", "nosuch")
	e.expect(":0\r\n", "zrem", "nokey", "a")
	e.expect("+OK\r\n", "set", "str", "x")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zadd", "str", "1", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zrange", "str", "0", "-1")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zscore", "str", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zrem", "str", "a")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zcard", "str")
}

func TestZsetSetOps(t *testing.T) {
	e := newKV(t)
	e.expect(":3\r\n", "zadd", "a", "1", "x", "2", "y", "3", "z")
	e.expect(":3\r\n", "zadd", "b", "10", "y", "20", "z", "30", "w")
	e.expect("*4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nw\r\n", "zunion", "2", "a", "b")
	e.expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "2", "a", "b", "withscores")
	e.expect("*8\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$2\r\n34\r\n$1\r\nz\r\n$2\r\n66\r\n$1\r\nw\r\n$2\r\n90\r\n", "zunion", "2", "a", "b", "weights", "2", "3", "withscores")
	e.expect("-ERR weight value is not a float\r\n", "zunion", "2", "a", "b", "weights", "2", "withscores")
	e.expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "2", "a", "b", "aggregate", "min", "withscores")
	e.expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n10\r\n$1\r\nz\r\n$2\r\n20\r\n$1\r\nw\r\n$2\r\n30\r\n", "zunion", "2", "a", "b", "aggregate", "max", "withscores")
	e.expect("-ERR syntax error\r\n", "zunion", "2", "a", "b", "aggregate", "foo")
	e.expect("*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n", "zunion", "2", "a", "nokey", "withscores")
	e.expect("-ERR at least 1 input key is needed for 'zunion' command\r\n", "zunion", "0", "a")
	e.expect("-ERR at least 1 input key is needed for 'zunion' command\r\n", "zunion", "-1", "a")
	e.expect("-ERR value is not an integer or out of range\r\n", "zunion", "abc", "a")
	e.expect("-ERR syntax error\r\n", "zunion", "3", "a", "b")
	e.expect("*4\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n", "zinter", "2", "a", "b", "withscores")
	e.expect("*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n", "zinter", "2", "a", "b", "weights", "1", "-1", "aggregate", "max", "withscores")
	e.expect("*0\r\n", "zinter", "2", "a", "nokey")
	e.expect(":2\r\n", "zintercard", "2", "a", "b")
	e.expect(":1\r\n", "zintercard", "2", "a", "b", "limit", "1")
	e.expect("-ERR LIMIT can't be negative\r\n", "zintercard", "2", "a", "b", "limit", "-1")
	e.expect("-ERR LIMIT can't be negative\r\n", "zintercard", "2", "a", "b", "limit", "abc")
	e.expect("-ERR syntax error\r\n", "zintercard", "2", "a", "b", "withscores")
	e.expect("-ERR at least 1 input key is needed for 'zintercard' command\r\n", "zintercard", "0", "a")
	e.expect("*2\r\n$1\r\nx\r\n$1\r\n1\r\n", "zdiff", "2", "a", "b", "withscores")
	e.expect("-ERR syntax error\r\n", "zdiff", "1", "a", "weights", "1")
	e.expect("*0\r\n", "zdiff", "2", "a", "a")
	e.expect(":4\r\n", "zunionstore", "d", "2", "a", "b")
	e.expect("*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n", "zrange", "d", "0", "-1", "withscores")
	e.expect(":2\r\n", "zinterstore", "d", "2", "a", "b", "weights", "0", "inf")
	e.expect("*4\r\n$1\r\ny\r\n$3\r\ninf\r\n$1\r\nz\r\n$3\r\ninf\r\n", "zrange", "d", "0", "-1", "withscores")
	e.expect(":4\r\n", "zunionstore", "d", "2", "a", "b", "weights", "inf", "-inf")
	e.expect("*8\r\n$1\r\nw\r\n$4\r\n-inf\r\n$1\r\ny\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n0\r\n$1\r\nx\r\n$3\r\ninf\r\n", "zrange", "d", "0", "-1", "withscores")
	e.expect(":1\r\n", "zdiffstore", "d", "2", "a", "b")
	e.expect("*2\r\n$1\r\nx\r\n$1\r\n1\r\n", "zrange", "d", "0", "-1", "withscores")
	e.expect(":0\r\n", "zdiffstore", "d", "2", "a", "a")
	e.expect(":0\r\n", "exists", "d")
	e.expect("-ERR syntax error\r\n", "zunionstore", "d", "2", "a", "b", "withscores")
	e.expect("+OK\r\n", "set", "str", "v")
	e.expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "zunion", "2", "a", "str")
	e.expect(":4\r\n", "zunionstore", "str", "2", "a", "b")
	e.expect("+zset\r\n", "type", "str")
	e.expect(":2\r\n", "zrangestore", "dd", "a", "0", "1")
	e.expect("*4\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n", "zrange", "dd", "0", "-1", "withscores")
	e.expect(":1\r\n", "zrangestore", "dd", "a", "(1", "+inf", "byscore", "limit", "0", "1")
	e.expect("*2\r\n$1\r\ny\r\n$1\r\n2\r\n", "zrange", "dd", "0", "-1", "withscores")
	e.expect(":3\r\n", "zrangestore", "dd", "a", "+", "-", "bylex", "rev")
	e.expect(":0\r\n", "zrangestore", "dd", "a", "5", "6")
	e.expect(":0\r\n", "exists", "dd")
	e.expect("-ERR syntax error\r\n", "zrangestore", "dd", "a", "0", "1", "withscores")
	e.expect(":0\r\n", "zrangestore", "dd", "nokey", "0", "1")
	e.expect("*-1\r\n", "zmpop", "1", "nokey", "min")
	e.expect("*2\r\n$1\r\na\r\n*1\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n", "zmpop", "2", "nokey", "a", "min")
	e.expect("*2\r\n$1\r\na\r\n*2\r\n*2\r\n$1\r\nz\r\n$1\r\n3\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n", "zmpop", "2", "nokey", "a", "max", "count", "10")
	e.expect("-ERR count should be greater than 0\r\n", "zmpop", "2", "nokey", "a", "max", "count", "0")
	e.expect("-ERR numkeys should be greater than 0\r\n", "zmpop", "0", "a", "min")
	e.expect("-ERR wrong number of arguments for 'zmpop' command\r\n", "zmpop", "1", "a")
	e.expect("-ERR syntax error\r\n", "zmpop", "1", "a", "foo")
	e.expect("-ERR syntax error\r\n", "zmpop", "1", "a", "min", "count", "1", "count", "2")
	e.expect("-ERR syntax error\r\n", "zmpop", "3", "a", "min")
	e.expect("*2\r\n$3\r\nstr\r\n*1\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n", "zmpop", "1", "str", "min")
	e.expect(":3\r\n", "zadd", "big", "1", "a", "2", "b", "3", "c")
	e.expect("*0\r\n", "zrandmember", "big", "0")
	e.expect("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n", "zrandmember", "big", "-9223372036854775808")
	e.expect("-ERR value is out of range\r\n", "zrandmember", "big", "-9223372036854775807", "withscores")
	e.expect("$-1\r\n", "zrandmember", "nokey")
	e.expect("*0\r\n", "zrandmember", "nokey", "5")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "zscan", "big", "0")
	e.expect("*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", "zscan", "big", "0", "match", "a*")
	e.expect("-ERR syntax error\r\n", "zscan", "big", "0", "count", "0")
	e.expect("-ERR syntax error\r\n", "zscan", "big", "0", "type", "zset")
	e.expect("-ERR invalid cursor\r\n", "zscan", "big", "abc")
	e.expect("*2\r\n$1\r\n0\r\n*0\r\n", "zscan", "nokey", "0")
	e.expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n$1\r\nw\r\n$2\r\n30\r\n", "zscan", "str", "0")
	e.expect("-ERR value is not an integer or out of range\r\n", "zscan", "big", "0", "count", "abc")
	e.expect("*2\r\n$1\r\n0\r\n*0\r\n", "zscan", "nokey", "0", "count", "0")
	e.expect(":1\r\n", "zadd", "big", "0.1", "x")
	e.expect("*2\r\n$1\r\n0\r\n*8\r\n$1\r\nx\r\n$19\r\n0.10000000000000001\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n", "zscan", "big", "0")
}

func TestZsetResp3(t *testing.T) {
	e := newKV(t)
	e.c.Client.Proto = 3
	e.expect(":3\r\n", "zadd", "a", "1", "x", "2", "y", "3", "z")
	e.expect(":3\r\n", "zadd", "b", "10", "y", "20", "z", "30", "w")
	e.expect(",2.5\r\n", "zadd", "a", "incr", "1.5", "x")
	e.expect(",3.5\r\n", "zincrby", "a", "1", "x")
	e.expect(",3.5\r\n", "zscore", "a", "x")
	e.expect("_\r\n", "zscore", "a", "nosuch")
	e.expect("*2\r\n,3.5\r\n_\r\n", "zmscore", "a", "x", "nosuch")
	e.expect("*3\r\n*2\r\n$1\r\ny\r\n,2\r\n*2\r\n$1\r\nz\r\n,3\r\n*2\r\n$1\r\nx\r\n,3.5\r\n", "zrange", "a", "0", "-1", "withscores")
	e.expect("*3\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\nx\r\n", "zrange", "a", "0", "-1")
	e.expect("*2\r\n*2\r\n$1\r\ny\r\n,2\r\n*2\r\n$1\r\nz\r\n,3\r\n", "zrangebyscore", "a", "-inf", "+inf", "withscores", "limit", "0", "2")
	e.expect("*3\r\n*2\r\n$1\r\nx\r\n,3.5\r\n*2\r\n$1\r\nz\r\n,3\r\n*2\r\n$1\r\ny\r\n,2\r\n", "zrevrange", "a", "0", "-1", "withscores")
	e.expect("*4\r\n*2\r\n$1\r\nx\r\n,3.5\r\n*2\r\n$1\r\ny\r\n,12\r\n*2\r\n$1\r\nz\r\n,23\r\n*2\r\n$1\r\nw\r\n,30\r\n", "zunion", "2", "a", "b", "withscores")
	e.expect("*2\r\n*2\r\n$1\r\ny\r\n,12\r\n*2\r\n$1\r\nz\r\n,23\r\n", "zinter", "2", "a", "b", "withscores")
	e.expect("*1\r\n*2\r\n$1\r\nx\r\n,3.5\r\n", "zdiff", "2", "a", "b", "withscores")
	e.expect("*2\r\n$1\r\ny\r\n,2\r\n", "zpopmin", "a")
	e.expect("*1\r\n*2\r\n$1\r\nz\r\n,3\r\n", "zpopmin", "a", "1")
	e.expect("*3\r\n*2\r\n$1\r\nw\r\n,30\r\n*2\r\n$1\r\nz\r\n,20\r\n*2\r\n$1\r\ny\r\n,10\r\n", "zpopmax", "b", "5")
	e.expect("*0\r\n", "zpopmin", "nokey")
	e.expect("*0\r\n", "zpopmin", "nokey", "2")
	e.expect(":2\r\n", "zadd", "a", "1", "x", "2", "y", "3", "z")
	e.expect("*2\r\n$1\r\na\r\n*1\r\n*2\r\n$1\r\nx\r\n,1\r\n", "zmpop", "1", "a", "min")
	e.expect("*2\r\n$1\r\na\r\n*2\r\n*2\r\n$1\r\nz\r\n,3\r\n*2\r\n$1\r\ny\r\n,2\r\n", "zmpop", "1", "a", "max", "count", "5")
	e.expect("_\r\n", "zmpop", "1", "a", "max", "count", "5")
	e.expect(":1\r\n", "zadd", "c", "1", "a")
	e.expect("*1\r\n*2\r\n$1\r\na\r\n,1\r\n", "zrandmember", "c", "1", "withscores")
	e.expect("_\r\n", "zrandmember", "nokey")
	e.expect("*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", "zscan", "c", "0")
	e.expect(":0\r\n", "zrank", "c", "a")
	e.expect("_\r\n", "zrank", "c", "b")
}

func TestZsetLarge(t *testing.T) {
	e := newKV(t)
	e.expect(":111\r\n", "zadd", "big", "15", "m139", "8", "m94", "38", "m121", "40", "m148", "4", "m3", "30", "m66", "35", "m59", "12", "m120", "34", "m140", "30", "m101", "40", "m38", "14", "m38", "33", "m99", "47", "m3", "42", "m16", "10", "m10", "19", "m7", "17", "m121", "38", "m99", "45", "m109", "25", "m147", "28", "m34", "23", "m24", "2", "m34", "31", "m55", "16", "m111", "49", "m77", "26", "m129", "24", "m146", "22", "m136", "37", "m104", "37", "m59", "21", "m7", "17", "m41", "44", "m83", "34", "m146", "36", "m26", "45", "m54", "40", "m146", "17", "m72", "7", "m16", "30", "m123", "5", "m88", "4", "m105", "9", "m5", "18", "m109", "49", "m106", "7", "m11", "38", "m11", "24", "m150", "21", "m141", "17", "m129", "15", "m9", "19", "m1", "4", "m27", "38", "m137", "2", "m50", "26", "m74", "39", "m67", "9", "m10", "21", "m80", "23", "m35", "24", "m96", "29", "m133", "24", "m143", "6", "m129", "17", "m110", "40", "m60", "19", "m111", "16", "m133", "19", "m140", "21", "m2", "50", "m106", "37", "m80", "1", "m96", "39", "m150", "40", "m34", "3", "m85", "29", "m90", "43", "m90", "38", "m71", "47", "m125", "1", "m150", "3", "m5", "23", "m64", "40", "m116", "19", "m81", "11", "m93", "11", "m80", "48", "m94", "38", "m67", "19", "m96", "6", "m6", "36", "m33", "19", "m128", "14", "m68", "15", "m83", "11", "m111", "41", "m24", "6", "m82", "21", "m57", "28", "m43", "5", "m86", "47", "m55", "36", "m115", "17", "m57", "50", "m30", "2", "m135", "12", "m80", "36", "m46", "17", "m87", "41", "m21", "39", "m88", "37", "m33", "26", "m74", "33", "m69", "29", "m88", "40", "m106", "18", "m107", "36", "m104", "2", "m105", "9", "m51", "0", "m122", "39", "m130", "27", "m143", "45", "m56", "2", "m116", "48", "m132", "18", "m139", "21", "m58", "4", "m150", "18", "m30", "15", "m11", "2", "m131", "12", "m110", "36", "m12", "0", "m123", "47", "m30", "10", "m128", "19", "m61", "42", "m5", "33", "m137", "26", "m13", "39", "m29", "21", "m32", "16", "m138", "30", "m15", "22", "m56", "12", "m31", "34", "m30", "10", "m61", "50", "m70", "8", "m1", "31", "m146", "25", "m12", "48", "m69", "15", "m68", "39", "m134", "33", "m108", "3", "m121", "20", "m0", "3", "m32", "2", "m31", "3", "m17", "30", "m8", "45", "m22", "32", "m128", "31", "m80", "10", "m80", "4", "m89", "24", "m99", "37", "m77", "23", "m67", "12", "m84", "27", "m31", "8", "m142", "0", "m97", "50", "m20", "36", "m45", "2", "m95", "29", "m138", "24", "m11", "39", "m110", "3", "m95", "40", "m127", "48", "m80", "26", "m107", "29", "m4", "15", "m55", "34", "m69", "44", "m18", "27", "m57", "27", "m33", "1", "m83", "23", "m143", "50", "m67", "7", "m118", "44", "m31", "46", "m135", "50", "m96")
	e.expect(":40\r\n", "zadd", "big", "gt", "ch", "15", "m139", "8", "m94", "38", "m121", "40", "m148", "4", "m3", "30", "m66", "35", "m59", "12", "m120", "34", "m140", "30", "m101", "40", "m38", "14", "m38", "33", "m99", "47", "m3", "42", "m16", "10", "m10", "19", "m7", "17", "m121", "38", "m99", "45", "m109", "25", "m147", "28", "m34", "23", "m24", "2", "m34", "31", "m55", "16", "m111", "49", "m77", "26", "m129", "24", "m146", "22", "m136", "37", "m104", "37", "m59", "21", "m7", "17", "m41", "44", "m83", "34", "m146", "36", "m26", "45", "m54", "40", "m146", "17", "m72", "7", "m16", "30", "m123", "5", "m88", "4", "m105", "9", "m5", "18", "m109", "49", "m106", "7", "m11", "38", "m11", "24", "m150", "21", "m141", "17", "m129", "15", "m9", "19", "m1", "4", "m27", "38", "m137", "2", "m50", "26", "m74", "39", "m67", "9", "m10", "21", "m80", "23", "m35", "24", "m96", "29", "m133", "24", "m143", "6", "m129", "17", "m110", "40", "m60", "19", "m111", "16", "m133", "19", "m140", "21", "m2", "50", "m106", "37", "m80", "1", "m96", "39", "m150", "40", "m34", "3", "m85", "29", "m90", "43", "m90", "38", "m71", "47", "m125", "1", "m150", "3", "m5", "23", "m64", "40", "m116", "19", "m81", "11", "m93", "11", "m80", "48", "m94", "38", "m67", "19", "m96", "6", "m6", "36", "m33", "19", "m128", "14", "m68", "15", "m83", "11", "m111", "41", "m24", "6", "m82", "21", "m57", "28", "m43", "5", "m86", "47", "m55", "36", "m115", "17", "m57", "50", "m30", "2", "m135", "12", "m80", "36", "m46", "17", "m87", "41", "m21", "39", "m88", "37", "m33", "26", "m74", "33", "m69", "29", "m88", "40", "m106", "18", "m107", "36", "m104", "2", "m105", "9", "m51", "0", "m122", "39", "m130", "27", "m143", "45", "m56", "2", "m116", "48", "m132", "18", "m139", "21", "m58", "4", "m150", "18", "m30", "15", "m11", "2", "m131", "12", "m110", "36", "m12", "0", "m123", "47", "m30", "10", "m128", "19", "m61", "42", "m5", "33", "m137", "26", "m13", "39", "m29", "21", "m32", "16", "m138", "30", "m15", "22", "m56", "12", "m31", "34", "m30", "10", "m61", "50", "m70", "8", "m1", "31", "m146", "25", "m12", "48", "m69", "15", "m68", "39", "m134", "33", "m108", "3", "m121", "20", "m0", "3", "m32", "2", "m31", "3", "m17", "30", "m8", "45", "m22", "32", "m128", "31", "m80", "10", "m80", "4", "m89", "24", "m99", "37", "m77", "23", "m67", "12", "m84", "27", "m31", "8", "m142", "0", "m97", "50", "m20", "36", "m45", "2", "m95", "29", "m138", "24", "m11", "39", "m110", "3", "m95", "40", "m127", "48", "m80", "26", "m107", "29", "m4", "15", "m55", "34", "m69", "44", "m18", "27", "m57", "27", "m33", "1", "m83", "23", "m143", "50", "m67", "7", "m118", "44", "m31", "46", "m135", "50", "m96")
	e.expect(":18\r\n", "zadd", "big", "lt", "ch", "42", "m27", "46", "m81", "36", "m136", "6", "m150", "45", "m1", "30", "m36", "15", "m99", "2", "m134", "5", "m144", "6", "m96", "11", "m6", "21", "m31", "1", "m29", "43", "m123", "44", "m72", "37", "m76", "5", "m9", "49", "m144", "32", "m135", "45", "m61", "6", "m141", "47", "m25", "35", "m15", "35", "m83", "36", "m46", "4", "m61", "11", "m63", "29", "m100", "16", "m94", "38", "m101")
	e.expect(":12\r\n", "zadd", "big", "xx", "ch", "42", "m27", "46", "m81", "36", "m136", "6", "m150", "45", "m1", "30", "m36", "15", "m99", "2", "m134", "5", "m144", "6", "m96", "11", "m6", "21", "m31", "1", "m29", "43", "m123", "44", "m72", "37", "m76", "5", "m9", "49", "m144", "32", "m135", "45", "m61", "6", "m141", "47", "m25", "35", "m15", "35", "m83", "36", "m46", "4", "m61", "11", "m63", "29", "m100", "16", "m94", "38", "m101")
	e.expect(":0\r\n", "zadd", "big", "nx", "ch", "42", "m27", "46", "m81", "36", "m136", "6", "m150", "45", "m1", "30", "m36", "15", "m99", "2", "m134", "5", "m144", "6", "m96", "11", "m6", "21", "m31", "1", "m29", "43", "m123", "44", "m72", "37", "m76", "5", "m9", "49", "m144", "32", "m135", "45", "m61", "6", "m141", "47", "m25", "35", "m15", "35", "m83", "36", "m46", "4", "m61", "11", "m63", "29", "m100", "16", "m94", "38", "m101")
	e.expect("*234\r\n$4\r\nm122\r\n$1\r\n0\r\n$3\r\nm97\r\n$1\r\n0\r\n$3\r\nm29\r\n$1\r\n1\r\n$4\r\nm131\r\n$1\r\n2\r\n$4\r\nm134\r\n$1\r\n2\r\n$3\r\nm50\r\n$1\r\n2\r\n$3\r\nm17\r\n$1\r\n3\r\n$3\r\nm85\r\n$1\r\n3\r\n$3\r\nm95\r\n$1\r\n3\r\n$4\r\nm105\r\n$1\r\n4\r\n$3\r\nm61\r\n$1\r\n4\r\n$3\r\nm89\r\n$1\r\n4\r\n$3\r\nm86\r\n$1\r\n5\r\n$2\r\nm9\r\n$1\r\n5\r\n$4\r\nm141\r\n$1\r\n6\r\n$4\r\nm150\r\n$1\r\n6\r\n$3\r\nm82\r\n$1\r\n6\r\n$3\r\nm96\r\n$1\r\n6\r\n$4\r\nm118\r\n$1\r\n7\r\n$4\r\nm142\r\n$1\r\n8\r\n$3\r\nm51\r\n$1\r\n9\r\n$3\r\nm10\r\n$2\r\n10\r\n$2\r\nm6\r\n$2\r\n11\r\n$3\r\nm63\r\n$2\r\n11\r\n$3\r\nm93\r\n$2\r\n11\r\n$4\r\nm120\r\n$2\r\n12\r\n$3\r\nm84\r\n$2\r\n12\r\n$3\r\nm68\r\n$2\r\n15\r\n$3\r\nm99\r\n$2\r\n15\r\n$3\r\nm94\r\n$2\r\n16\r\n$3\r\nm41\r\n$2\r\n17\r\n$3\r\nm87\r\n$2\r\n17\r\n$4\r\nm139\r\n$2\r\n18\r\n$4\r\nm111\r\n$2\r\n19\r\n$2\r\nm0\r\n$2\r\n20\r\n$2\r\nm2\r\n$2\r\n21\r\n$3\r\nm31\r\n$2\r\n21\r\n$3\r\nm32\r\n$2\r\n21\r\n$3\r\nm58\r\n$2\r\n21\r\n$2\r\nm7\r\n$2\r\n21\r\n$3\r\nm35\r\n$2\r\n23\r\n$3\r\nm64\r\n$2\r\n23\r\n$4\r\nm147\r\n$2\r\n25\r\n$4\r\nm107\r\n$2\r\n26\r\n$4\r\nm129\r\n$2\r\n26\r\n$3\r\nm13\r\n$2\r\n26\r\n$3\r\nm74\r\n$2\r\n26\r\n$4\r\nm143\r\n$2\r\n27\r\n$3\r\nm57\r\n$2\r\n27\r\n$3\r\nm43\r\n$2\r\n28\r\n$4\r\nm100\r\n$2\r\n29\r\n$4\r\nm133\r\n$2\r\n29\r\n$4\r\nm138\r\n$2\r\n29\r\n$2\r\nm4\r\n$2\r\n29\r\n$3\r\nm36\r\n$2\r\n30\r\n$3\r\nm66\r\n$2\r\n30\r\n$2\r\nm8\r\n$2\r\n30\r\n$4\r\nm128\r\n$2\r\n32\r\n$4\r\nm135\r\n$2\r\n32\r\n$4\r\nm108\r\n$2\r\n33\r\n$4\r\nm140\r\n$2\r\n34\r\n$3\r\nm15\r\n$2\r\n35\r\n$3\r\nm83\r\n$2\r\n35\r\n$4\r\nm115\r\n$2\r\n36\r\n$3\r\nm12\r\n$2\r\n36\r\n$4\r\nm136\r\n$2\r\n36\r\n$3\r\nm26\r\n$2\r\n36\r\n$3\r\nm45\r\n$2\r\n36\r\n$3\r\nm46\r\n$2\r\n36\r\n$4\r\nm104\r\n$2\r\n37\r\n$3\r\nm33\r\n$2\r\n37\r\n$3\r\nm59\r\n$2\r\n37\r\n$3\r\nm76\r\n$2\r\n37\r\n$4\r\nm101\r\n$2\r\n38\r\n$3\r\nm11\r\n$2\r\n38\r\n$4\r\nm121\r\n$2\r\n38\r\n$4\r\nm137\r\n$2\r\n38\r\n$3\r\nm71\r\n$2\r\n38\r\n$4\r\nm110\r\n$2\r\n39\r\n$4\r\nm130\r\n$2\r\n39\r\n$3\r\nm88\r\n$2\r\n39\r\n$4\r\nm116\r\n$2\r\n40\r\n$4\r\nm127\r\n$2\r\n40\r\n$4\r\nm146\r\n$2\r\n40\r\n$4\r\nm148\r\n$2\r\n40\r\n$3\r\nm34\r\n$2\r\n40\r\n$3\r\nm38\r\n$2\r\n40\r\n$3\r\nm60\r\n$2\r\n40\r\n$3\r\nm21\r\n$2\r\n41\r\n$3\r\nm24\r\n$2\r\n41\r\n$3\r\nm16\r\n$2\r\n42\r\n$3\r\nm27\r\n$2\r\n42\r\n$2\r\nm5\r\n$2\r\n42\r\n$4\r\nm123\r\n$2\r\n43\r\n$3\r\nm90\r\n$2\r\n43\r\n$3\r\nm18\r\n$2\r\n44\r\n$3\r\nm72\r\n$2\r\n44\r\n$2\r\nm1\r\n$2\r\n45\r\n$4\r\nm109\r\n$2\r\n45\r\n$3\r\nm22\r\n$2\r\n45\r\n$3\r\nm54\r\n$2\r\n45\r\n$3\r\nm56\r\n$2\r\n45\r\n$3\r\nm81\r\n$2\r\n46\r\n$4\r\nm125\r\n$2\r\n47\r\n$3\r\nm25\r\n$2\r\n47\r\n$2\r\nm3\r\n$2\r\n47\r\n$3\r\nm55\r\n$2\r\n47\r\n$4\r\nm132\r\n$2\r\n48\r\n$3\r\nm69\r\n$2\r\n48\r\n$3\r\nm80\r\n$2\r\n48\r\n$4\r\nm144\r\n$2\r\n49\r\n$3\r\nm77\r\n$2\r\n49\r\n$4\r\nm106\r\n$2\r\n50\r\n$3\r\nm20\r\n$2\r\n50\r\n$3\r\nm30\r\n$2\r\n50\r\n$3\r\nm67\r\n$2\r\n50\r\n$3\r\nm70\r\n$2\r\n50\r\n", "zrange", "big", "0", "-1", "withscores")
	e.expect(":117\r\n", "zcard", "big")
	e.expect("$8\r\nlistpack\r\n", "object", "encoding", "big")
	e.expect(":25\r\n", "zrem", "big", "m89", "m142", "m107", "m21", "m96", "m128", "m60", "m105", "m41", "m106", "m145", "m148", "m132", "m123", "m39", "m102", "m38", "m41", "m24", "m127", "m123", "m132", "m113", "m150", "m47", "m34", "m68", "m50", "m37", "m149", "m131", "m80", "m59", "m137", "m75", "m105", "m149", "m149", "m68", "m55")
	e.expect("*184\r\n$4\r\nm122\r\n$1\r\n0\r\n$3\r\nm97\r\n$1\r\n0\r\n$3\r\nm29\r\n$1\r\n1\r\n$4\r\nm134\r\n$1\r\n2\r\n$3\r\nm17\r\n$1\r\n3\r\n$3\r\nm85\r\n$1\r\n3\r\n$3\r\nm95\r\n$1\r\n3\r\n$3\r\nm61\r\n$1\r\n4\r\n$3\r\nm86\r\n$1\r\n5\r\n$2\r\nm9\r\n$1\r\n5\r\n$4\r\nm141\r\n$1\r\n6\r\n$3\r\nm82\r\n$1\r\n6\r\n$4\r\nm118\r\n$1\r\n7\r\n$3\r\nm51\r\n$1\r\n9\r\n$3\r\nm10\r\n$2\r\n10\r\n$2\r\nm6\r\n$2\r\n11\r\n$3\r\nm63\r\n$2\r\n11\r\n$3\r\nm93\r\n$2\r\n11\r\n$4\r\nm120\r\n$2\r\n12\r\n$3\r\nm84\r\n$2\r\n12\r\n$3\r\nm99\r\n$2\r\n15\r\n$3\r\nm94\r\n$2\r\n16\r\n$3\r\nm87\r\n$2\r\n17\r\n$4\r\nm139\r\n$2\r\n18\r\n$4\r\nm111\r\n$2\r\n19\r\n$2\r\nm0\r\n$2\r\n20\r\n$2\r\nm2\r\n$2\r\n21\r\n$3\r\nm31\r\n$2\r\n21\r\n$3\r\nm32\r\n$2\r\n21\r\n$3\r\nm58\r\n$2\r\n21\r\n$2\r\nm7\r\n$2\r\n21\r\n$3\r\nm35\r\n$2\r\n23\r\n$3\r\nm64\r\n$2\r\n23\r\n$4\r\nm147\r\n$2\r\n25\r\n$4\r\nm129\r\n$2\r\n26\r\n$3\r\nm13\r\n$2\r\n26\r\n$3\r\nm74\r\n$2\r\n26\r\n$4\r\nm143\r\n$2\r\n27\r\n$3\r\nm57\r\n$2\r\n27\r\n$3\r\nm43\r\n$2\r\n28\r\n$4\r\nm100\r\n$2\r\n29\r\n$4\r\nm133\r\n$2\r\n29\r\n$4\r\nm138\r\n$2\r\n29\r\n$2\r\nm4\r\n$2\r\n29\r\n$3\r\nm36\r\n$2\r\n30\r\n$3\r\nm66\r\n$2\r\n30\r\n$2\r\nm8\r\n$2\r\n30\r\n$4\r\nm135\r\n$2\r\n32\r\n$4\r\nm108\r\n$2\r\n33\r\n$4\r\nm140\r\n$2\r\n34\r\n$3\r\nm15\r\n$2\r\n35\r\n$3\r\nm83\r\n$2\r\n35\r\n$4\r\nm115\r\n$2\r\n36\r\n$3\r\nm12\r\n$2\r\n36\r\n$4\r\nm136\r\n$2\r\n36\r\n$3\r\nm26\r\n$2\r\n36\r\n$3\r\nm45\r\n$2\r\n36\r\n$3\r\nm46\r\n$2\r\n36\r\n$4\r\nm104\r\n$2\r\n37\r\n$3\r\nm33\r\n$2\r\n37\r\n$3\r\nm76\r\n$2\r\n37\r\n$4\r\nm101\r\n$2\r\n38\r\n$3\r\nm11\r\n$2\r\n38\r\n$4\r\nm121\r\n$2\r\n38\r\n$3\r\nm71\r\n$2\r\n38\r\n$4\r\nm110\r\n$2\r\n39\r\n$4\r\nm130\r\n$2\r\n39\r\n$3\r\nm88\r\n$2\r\n39\r\n$4\r\nm116\r\n$2\r\n40\r\n$4\r\nm146\r\n$2\r\n40\r\n$3\r\nm16\r\n$2\r\n42\r\n$3\r\nm27\r\n$2\r\n42\r\n$2\r\nm5\r\n$2\r\n42\r\n$3\r\nm90\r\n$2\r\n43\r\n$3\r\nm18\r\n$2\r\n44\r\n$3\r\nm72\r\n$2\r\n44\r\n$2\r\nm1\r\n$2\r\n45\r\n$4\r\nm109\r\n$2\r\n45\r\n$3\r\nm22\r\n$2\r\n45\r\n$3\r\nm54\r\n$2\r\n45\r\n$3\r\nm56\r\n$2\r\n45\r\n$3\r\nm81\r\n$2\r\n46\r\n$4\r\nm125\r\n$2\r\n47\r\n$3\r\nm25\r\n$2\r\n47\r\n$2\r\nm3\r\n$2\r\n47\r\n$3\r\nm69\r\n$2\r\n48\r\n$4\r\nm144\r\n$2\r\n49\r\n$3\r\nm77\r\n$2\r\n49\r\n$3\r\nm20\r\n$2\r\n50\r\n$3\r\nm30\r\n$2\r\n50\r\n$3\r\nm67\r\n$2\r\n50\r\n$3\r\nm70\r\n$2\r\n50\r\n", "zrange", "big", "0", "-1", "withscores")
	e.expect(":1\r\n", "zadd", "small", "1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
	e.expect("$8\r\nlistpack\r\n", "object", "encoding", "small")
	e.expect(":1\r\n", "zadd", "small", "1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
	e.expect("$8\r\nskiplist\r\n", "object", "encoding", "small")
	e.expect(":1\r\n", "zadd", "lp", "1", "a")
	e.expect("$8\r\nlistpack\r\n", "object", "encoding", "lp")
}

// TestZsetTTLAndStore checks what keeps and what drops a TTL (checked
// against redis-server 7.0.15): writes to a sorted set keep it, the STORE
// commands replace the destination and its TTL, as SET does.
func TestZsetTTLAndStore(t *testing.T) {
	e := newKV(t)
	e.expect(":3\r\n", "ZADD", "z", "1", "a", "2", "b", "3", "c")
	e.expect(":1\r\n", "EXPIRE", "z", "100")
	e.expect(":1\r\n", "ZADD", "z", "4", "d")
	e.expect(":1\r\n", "ZREM", "z", "d")
	e.expect("*2\r\n$1\r\na\r\n$1\r\n1\r\n", "ZPOPMIN", "z")
	e.expect(":100\r\n", "TTL", "z")
	e.expect(":1\r\n", "EXPIRE", "z", "100")
	e.expect(rOK, "SET", "dst", "x")
	e.expect(":1\r\n", "EXPIRE", "dst", "50")
	e.expect(":2\r\n", "ZUNIONSTORE", "dst", "1", "z")
	e.expect(":-1\r\n", "TTL", "dst")
	e.expect("+zset\r\n", "TYPE", "dst")
	e.expect(":1\r\n", "EXPIRE", "dst", "50")
	e.expect(":1\r\n", "ZRANGESTORE", "dst", "z", "0", "0")
	e.expect(":-1\r\n", "TTL", "dst")
	// Emptying a sorted set deletes its key.
	e.expect(":2\r\n", "ZREMRANGEBYSCORE", "z", "-inf", "+inf")
	e.expect(":0\r\n", "EXISTS", "z")
	e.expect(rOK, "SET", "s", "v")
	e.expect(rerr(ErrWrongType), "ZADD", "s", "1", "a")
	e.expect(rerr(ErrWrongType), "ZUNION", "2", "dst", "s")
}

// TestZsetUnderExec runs the multi-key commands with every stripe already
// locked, as EXEC does.
func TestZsetUnderExec(t *testing.T) {
	e := newKV(t)
	e.expect(":2\r\n", "ZADD", "a", "1", "x", "2", "y")
	e.expect(":2\r\n", "ZADD", "b", "3", "y", "4", "w")
	if r := e.doExec("ZUNIONSTORE", "d", "2", "a", "b"); r != ":3\r\n" {
		t.Fatalf("ZUNIONSTORE under EXEC = %q", r)
	}
	if r := e.doExec("ZMPOP", "2", "nokey", "d", "MAX", "COUNT", "2"); r != "*2\r\n$1\r\nd\r\n*2\r\n*2\r\n$1\r\ny\r\n$1\r\n5\r\n*2\r\n$1\r\nw\r\n$1\r\n4\r\n" {
		t.Fatalf("ZMPOP under EXEC = %q", r)
	}
	if r := e.doExec("ZRANGESTORE", "e", "a", "0", "-1"); r != ":2\r\n" {
		t.Fatalf("ZRANGESTORE under EXEC = %q", r)
	}
	e.expect("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", "ZRANGE", "e", "0", "-1")
}

// TestZsetRandmemberModel checks ZRANDMEMBER's random answers by their
// properties: distinct members of the set for a positive count, any
// members for a negative one.
func TestZsetRandmemberModel(t *testing.T) {
	e := newKV(t)
	members := map[string]bool{}
	args := []string{"ZADD", "z"}
	for i := 0; i < 300; i++ {
		m := "m" + strconv.Itoa(i)
		members[m] = true
		args = append(args, strconv.Itoa(i), m)
	}
	e.do(args...)
	for _, count := range []int{2, 5, 100, 150, 299, 300, 1000, -5, -1000} {
		got := bulks(t, e.do("ZRANDMEMBER", "z", strconv.Itoa(count)))
		want := count
		if count < 0 {
			want = -count
		} else if count > 300 {
			want = 300
		}
		if len(got) != want {
			t.Fatalf("ZRANDMEMBER %d: %d members", count, len(got))
		}
		seen := map[string]bool{}
		for _, m := range got {
			if !members[m] || (count > 0 && seen[m]) {
				t.Fatalf("ZRANDMEMBER %d: bad or repeated member %q", count, m)
			}
			seen[m] = true
		}
	}
	if r := e.do("ZRANDMEMBER", "z"); !strings.HasPrefix(r, "$") {
		t.Fatalf("ZRANDMEMBER = %q", r)
	}
}

// TestZscanSkiplist walks a sorted set over the listpack limits with a
// cursor and sees every element once.
func TestZscanSkiplist(t *testing.T) {
	e := newKV(t)
	args := []string{"ZADD", "z"}
	for i := 0; i < 500; i++ {
		args = append(args, strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	e.do(args...)
	e.expect("$8\r\nskiplist\r\n", "OBJECT", "ENCODING", "z")
	seen := map[string]bool{}
	cursor := "0"
	for calls := 0; ; calls++ {
		v, _, err := resp.ParseReply([]byte(e.do("ZSCAN", "z", cursor, "COUNT", "37")))
		if err != nil || len(v.Elems) != 2 || calls > 100 {
			t.Fatalf("ZSCAN: %v %v", err, v)
		}
		els := v.Elems[1].Elems
		for i := 0; i < len(els); i += 2 {
			if seen[string(els[i].Str)] {
				t.Fatalf("ZSCAN returned %s twice", els[i].Str)
			}
			seen[string(els[i].Str)] = true
		}
		cursor = string(v.Elems[0].Str)
		if cursor == "0" {
			break
		}
	}
	if len(seen) != 500 {
		t.Fatalf("ZSCAN saw %d elements", len(seen))
	}
}

// TestZsetEncodingHelpers checks the pure encoding helpers.
func TestZsetEncodingHelpers(t *testing.T) {
	ents := []zent{{[]byte("b"), 2}, {[]byte("a"), 2}, {[]byte("c"), -1}}
	sortZents(ents)
	b := zsetEncode(nil, ents)
	if zsetLen(b) != 3 || packedCount(b) != 6 {
		t.Fatalf("len %d count %d", zsetLen(b), packedCount(b))
	}
	if s, r, ok := zsetFind(b, []byte("b")); !ok || s != 2 || r != 2 {
		t.Fatalf("find b = %v %d %v", s, r, ok)
	}
	dec := zsetDecode(b, nil)
	zsetDead(&dec[0])
	b2 := zsetMerge(nil, dec, []zent{{[]byte("d"), 5}})
	got := zsetDecode(b2, nil)
	if len(got) != 3 || string(got[0].m) != "a" || string(got[2].m) != "d" {
		t.Fatalf("merge = %v", got)
	}
	for _, tt := range []struct {
		in string
		v  float64
		ok bool
	}{{"", 0, true}, {" 1", 1, true}, {"1e400", math.Inf(1), true}, {"-1e400", math.Inf(-1), true}, {"1e-400", 0, true},
		{"nan", 0, false}, {"1x", 0, false}, {" ", 0, false}, {"+inf", math.Inf(1), true}, {"0x10", 16, true}} {
		v, ok := strtod([]byte(tt.in))
		if ok != tt.ok || (ok && v != tt.v) {
			t.Errorf("strtod(%q) = %v %v", tt.in, v, ok)
		}
	}
}
