package redis_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestBitmapCommands drives the bit commands with go-redis in RESP2 and
// RESP3; the exact replies of every edge are in TestBitmapDifferential.
func TestBitmapCommands(t *testing.T) {
	s := startCorvid(t)
	ctx := context.Background()
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprint("RESP", proto), func(t *testing.T) {
			c := newClient(t, s.RespAddr, proto)
			c.FlushAll(ctx)
			check := func(what string, got, want any) {
				t.Helper()
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s = %v, want %v", what, got, want)
				}
			}
			check("SETBIT", c.SetBit(ctx, "b", 7, 1).Val(), 0)
			check("SETBIT again", c.SetBit(ctx, "b", 7, 1).Val(), 1)
			check("GETBIT", c.GetBit(ctx, "b", 7).Val(), 1)
			check("GETBIT past the end", c.GetBit(ctx, "b", 1000).Val(), 0)
			check("value", c.Get(ctx, "b").Val(), "\x01")
			c.Set(ctx, "s", "foobar", 0)
			check("BITCOUNT", c.BitCount(ctx, "s", nil).Val(), 26)
			check("BITCOUNT 1 1", c.BitCount(ctx, "s", &redis.BitCount{Start: 1, End: 1}).Val(), 6)
			check("BITCOUNT bits", c.BitCount(ctx, "s", &redis.BitCount{Start: 5, End: 30, Unit: "BIT"}).Val(), 17)
			check("BITPOS 1", c.BitPos(ctx, "s", 1).Val(), 1)
			check("BITPOS 0 from 2", c.BitPos(ctx, "s", 0, 2).Val(), 16)
			c.Set(ctx, "x", "\xff\xf0", 0)
			check("BITPOS 0 of ff f0", c.BitPos(ctx, "x", 0).Val(), 12)
			check("BITOP AND", c.BitOpAnd(ctx, "d", "s", "x").Val(), 6)
			check("AND result", []byte(c.Get(ctx, "d").Val()), []byte{0x66, 0x60, 0, 0, 0, 0})
			check("BITOP NOT", c.BitOpNot(ctx, "n", "b").Val(), 1)
			check("NOT result", c.Get(ctx, "n").Val(), "\xfe")
			check("BITFIELD", c.BitField(ctx, "f", "SET", "u8", 0, 200, "INCRBY", "u8", 0, 100, "GET", "u8", 0).Val(), []int64{0, 44, 44})
			check("BITFIELD sat", c.BitField(ctx, "f", "OVERFLOW", "SAT", "INCRBY", "i8", 0, 200).Val(), []int64{127})
			res, err := c.Do(ctx, "BITFIELD", "f", "OVERFLOW", "FAIL", "INCRBY", "u8", 0, 200).Slice()
			check("BITFIELD fail", fmt.Sprint(res, err), "[<nil>] <nil>")
			check("BITFIELD_RO", c.BitFieldRO(ctx, "f", "u4", "0").Val(), []int64{7})
			c.LPush(ctx, "l", "a")
			if err := c.SetBit(ctx, "l", 1, 1).Err(); err == nil || c.Exists(ctx, "l").Val() == 1 && err.Error()[:9] != "WRONGTYPE" {
				if c.Type(ctx, "l").Val() == "list" {
					t.Fatalf("SETBIT on a list: %v", err)
				}
			}
		})
	}
}
