package server

import (
	"strings"

	"github.com/corvidcache/corvid/protocol/resp"
)

// respDispatch runs one Redis command. It reports whether to close.
// The Redis port is being built (its own issue); until then it answers the
// connection commands and refuses the rest as an unknown command.
func (s *Server) respDispatch(cs *conn, args [][]byte) bool {
	name := strings.ToLower(string(args[0]))
	switch name {
	case "ping":
		if len(args) > 2 {
			cs.out = resp.AppendError(cs.out, "ERR wrong number of arguments for 'ping' command")
		} else if len(args) == 2 {
			cs.out = resp.AppendBulk(cs.out, args[1])
		} else {
			cs.out = resp.AppendSimpleString(cs.out, "PONG")
		}
	case "quit":
		cs.out = resp.AppendOK(cs.out)
		return true
	default:
		cs.out = resp.AppendError(cs.out, "ERR unknown command '"+string(args[0])+"', with args beginning with: ")
	}
	return false
}
