// Package resp implements the Redis protocol (RESP2 and RESP3) for a
// Redis 7.0 compatible server: a zero-copy request parser, reply
// appenders, Redis's number parsing and formatting rules, and a reply
// reader for tests and load generators. It imports only the standard
// library.
//
// # Requests
//
// Parser.Next splits a connection's buffered bytes into commands exactly
// as Redis 7.0.15 does (networking.c processInputBuffer): multibulk arrays
// of bulk strings, and inline commands split like sdssplitargs. Arguments
// are sub-slices of the buffer; nothing is copied and, once a connection's
// scratch buffers have grown, nothing is allocated. A frame that is not
// all there yields ErrIncomplete and consumes nothing; a protocol error
// yields an *Error holding the exact reply Redis sends before it closes the
// connection. Redis's quirks are kept on purpose: "*0" and "*-1" are
// skipped, the two bytes after a bulk argument are not checked, lines are
// cut at a NUL byte as strchr cuts them, and the '\n' after a count line is
// not checked either.
//
// Parsing is resumable in linear time: after ErrIncomplete the Parser
// remembers (as offsets) how far it got, so a request of a million
// arguments arriving in small reads is not rescanned from its start each
// time. Parser.Need says how long the buffer must get, so a server can
// apply client-query-buffer-limit to a 512 MB bulk before buffering it.
//
// # Replies
//
// AppendX functions append one reply to a []byte, redcon style. Those with
// a proto argument write the RESP3 type for RESP3 clients and what Redis
// sends RESP2 clients instead (a map becomes an array of 2n elements, a
// double a bulk string, a boolean an integer), so handlers are written
// once. Doubles are formatted like Redis 7.0's "%.17g" (AppendDoubleText);
// float64s Redis prints in ld2string's human mode like it
// (AppendFloatHuman).
//
// # Numbers
//
// ParseInt follows string2ll (no '+', no leading zeros, no blanks);
// ParseFloat follows string2d (strtod with the whole string consumed, no
// blanks, no nan, "inf" accepted). INCRBYFLOAT and HINCRBYFLOAT compute in
// 80-bit long doubles, whose results a float64 cannot reproduce: LongDouble
// does their parsing (string2ld), addition and printing bit for bit. These
// are checked against glibc and redis-server on thousands of inputs.
//
// # Replies from a server
//
// ParseReply and ReadReply decode what a server sends, RESP3 types and
// attributes included, down to MaxReplyDepth levels of nesting; tests and
// the bench tool use them.
package resp
