// Package bench is Corvid's load generator and side-by-side comparison
// harness. It talks to servers over TCP only and imports no other Corvid
// package, so it can measure Corvid, memcached and redis-server alike.
//
// # Protocols
//
// Three wire protocols are spoken, each by a small encoder (append-style, into
// a reused buffer) and a reply decoder that works in place over the read buffer
// and never allocates: the memcached text protocol (get, multi-get, set, incr),
// the memcached meta protocol (mg, ms) and RESP2 (GET, SET, MGET, MSET, INCR,
// LPUSH, LPOP).
//
// # Load model
//
// Every connection is served by one goroutine that owns a preallocated write
// buffer, read buffer, random source and latency histogram. A batch of
// Pipeline requests is encoded into the write buffer and sent with one write;
// the replies are then read back in order. Nothing is allocated per request.
//
// In the closed loop (Config.Rate == 0) each connection sends its next batch
// as soon as the previous one is answered. In the open loop (Config.Rate > 0)
// request i of a connection is due at a fixed intended time; its latency is
// measured from that intended time rather than from the moment it was
// actually written, so a stalled server shows up in the percentiles instead of
// silently slowing the client down (coordinated omission). A connection that
// falls behind sends everything that is due, up to Pipeline requests, at once.
//
// Latencies go into a log-linear histogram (see Histogram) with a relative
// error below 1%, one per connection, merged at the end.
package bench
