package server

import "errors"

// Run is a temporary stand-in until the server is written.
func Run(cfg *Config) error { return errors.New("not implemented") }
