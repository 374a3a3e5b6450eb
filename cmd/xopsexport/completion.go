package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// bashCompletion completes a command line by running the words typed so
// far with --generate-bash-completion, which makes urfave/cli print the
// commands or flags that may follow instead of running anything. Unlike
// urfave's own script it needs no bash-completion package, and it runs the
// words as typed (an array, not eval).
const bashCompletion = `_xopsexport() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local words=("${COMP_WORDS[@]:0:COMP_CWORD}")
  local opts
  if [[ $cur == -* ]]; then
    opts=$("${words[@]}" "$cur" --generate-bash-completion 2>/dev/null)
  else
    opts=$("${words[@]}" --generate-bash-completion 2>/dev/null)
  fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o bashdefault -o default -F _xopsexport xopsexport
`

// completionCommand prints a completion script for a shell.
func completionCommand(e *env) *cli.Command {
	shells := []string{"bash", "zsh", "fish"}
	return &cli.Command{
		Name: "completion", Usage: "print a shell completion script: " + strings.Join(shells, ", "), ArgsUsage: "SHELL",
		Description: `Completes commands and flags as you type.

Examples:
   source <(xopsexport completion bash)        # now; put it in ~/.bashrc to keep it
   xopsexport completion bash > ~/.local/share/bash-completion/completions/xopsexport
   source <(xopsexport completion zsh)         # in ~/.zshrc
   xopsexport completion fish > ~/.config/fish/completions/xopsexport.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("completion takes one shell: %s", strings.Join(shells, ", "))
			}
			var script string
			switch sh := c.Args().First(); sh {
			case "bash":
				script = bashCompletion
			case "zsh":
				// zsh runs bash completion functions through bashcompinit.
				script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bashCompletion
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return fmt.Errorf("fish completion: %w", err)
				}
				script = s
			default:
				return usagef("no completion for %q: choose %s", sh, strings.Join(shells, ", "))
			}
			_, err := fmt.Fprint(e.stdout, script)
			return err
		},
	}
}
