package main

import "github.com/urfave/cli/v2"

// refreshCommands are refresh, status and diff (see the refresh issue).
func refreshCommands(e *env, cfg *config) []*cli.Command { return nil }
