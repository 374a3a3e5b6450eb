//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package atomicfile

import (
	"io/fs"
	"os"
)

func writable(info fs.FileInfo, _ string) bool { return info.Mode().Perm()&0o222 != 0 }

func keepOwnerAndMode(f *os.File, old fs.FileInfo) error { return f.Chmod(old.Mode().Perm()) }

// Without flock, age alone marks a temporary file as stale.
func lock(*os.File) {}

func tryLock(*os.File) bool { return true }
