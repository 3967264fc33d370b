// Package redisext is Corvid's Redis: the command table, the per-connection
// client state, and the handlers of every Redis command (a cmd_<group>.go
// file per group, as Redis's t_<type>.c), over the shared engine.
//
// The server (package server) owns sockets: it parses RESP with
// protocol/resp and hands each command's arguments to Ctx.Dispatch, which
// looks the command up in the one table (commands.go), checks arity,
// authentication, transaction and pub/sub state, runs the handler, and
// leaves the reply in Ctx.Out. What a handler needs from the server (its
// configuration, other connections, INFO figures, delivering pub/sub
// messages) it asks through the Host interface, so this package never
// imports the server.
//
// Handlers reach keys through Ctx.Lock (one key) or Ctx.LockKeys (several,
// atomically, in stripe order): both are aware of a running MULTI/EXEC,
// which holds every stripe its commands touch for the whole transaction.
package redisext
