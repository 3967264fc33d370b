// Package memcache parses memcached 1.6's text and meta protocols and
// appends their replies. It imports only the standard library.
//
// # Parsing
//
// One Parser and one Request per connection:
//
//	n, err := p.Next(buf, &req)
//
// buf holds every byte received so far. Next is pure: no I/O, no reference
// to buf kept after it returns, and no allocation in steady state (Request
// reuses its Keys and Args arrays; the decoded base64 key of a meta command
// lives in the Parser). The fields of req alias buf and are valid until the
// next call.
//
//   - (n, nil): one command, n bytes long, data block and its "\r\n"
//     included for storage commands.
//   - (0, ErrIncomplete): the line, or the <bytes>+2 bytes after it, has not
//     fully arrived. Nothing is consumed.
//   - (n, *Error): a protocol error. Send Error.Reply (empty when memcached
//     says nothing: noreply, or a close without reply), drop n bytes, then
//     Error.Swallow more bytes as they arrive, and close if Error.Close.
//
// Lines end with "\n"; a "\r" before it is dropped, as memcached does.
// Tokens are separated by ' ' only.
//
// # Fidelity
//
// The reference is memcached 1.6.45's proto_text.c/proto_parser.c and the
// vendored mcmc tokenizer; every reply string was checked against a 1.6.45
// build and Debian's 1.6.18 over loopback (see parser_test.go). Where the two
// differ, 1.6.45 is followed (a short line, "set k 0 0", "mg" without a key,
// get with no key all get "CLIENT_ERROR bad command line format"; storage
// commands refused after <bytes> was parsed swallow their data instead of
// answering an extra ERROR for it; extra tokens are ignored; bget is gone),
// with these deliberate exceptions:
//
//   - delete keeps 1.6.18's check of the legacy hold time: "delete k 0" is
//     accepted, "delete k 1" gets "CLIENT_ERROR bad command line format.
//     Usage: delete <key> [noreply]", more than four tokens get "ERROR".
//     (1.6.45 ignores every token after the key.)
//   - a key over 250 bytes in a get list gets one
//     "CLIENT_ERROR bad command line format\r\n" (1.6.45 sends a stray
//     extra "\r\n" after it).
//   - "me <key> b" decodes the key (1.6.45 only does so with a fourth token).
//   - the line limit is applied to the line, not to what one read returned:
//     memcached closes a connection when 2048 bytes are buffered with no
//     "\n" (unless the line is a get/gets after at most 100 spaces), so a
//     longer line that happens to arrive in one read is still served by
//     memcached. Next closes whenever more than MaxLineLen bytes precede the
//     "\n" of a line that is not a get/gets, so that the outcome does not
//     depend on how the bytes were split.
//   - an opaque token that is too long (and any other meta error) is
//     refused before the command runs; memcached checks it while building
//     the reply, after the side effects of ma and of mg's N flag.
//
// Numbers follow memcached's two parsers (see number.go): flags and exptime
// of classic storage commands go through C strtoul/strtol and are narrowed
// to 32 bits; everything else uses mcmc's strict digit parsers.
//
// With MaxItemSize set, Next refuses storage commands whose item would be
// larger (memcached's item_size_ok arithmetic, documented on Parser);
// running out of memory is left to the server.
//
// The binary protocol is not supported: Corvid serves ASCII only, and like
// memcached started with "-B ascii" a leading 0x80 byte is just the first
// byte of an unknown command.
//
// # Commands the server completes
//
// Admin commands (stats, slabs, lru, lru_crawler, watch, shutdown) come
// back with their tokens in Args; memcached's answers to them depend on
// settings and state. Next does check the arguments that memcached parses
// before looking at any setting: verbosity, flush_all, cache_memlimit and
// debugtime. flush_all with -F: memcached answers "CLIENT_ERROR flush_all
// not allowed" before parsing the delay, so a server with flush disabled
// should answer that when req.Cmd == FlushAll, error or not.
//
// # Replies
//
// Reply constants and AppendX(dst, ...) []byte functions write memcached's
// replies without allocating. Meta replies are built from the request's
// Meta: the status, then Meta.AppendReturnFlags for the flags memcached
// echoes in request order, then W/X/Z with AppendMetaFlag.
package memcache
