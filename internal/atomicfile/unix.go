//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// writable reports whether the caller may write the existing file at
// path. Root passes access(2) for any file, so a file without any write
// bit counts as read-only for root too: that is what chmod 444 asks for.
func writable(info fs.FileInfo, path string) bool {
	if info.Mode().Perm()&0o222 == 0 {
		return false
	}
	return os.Geteuid() == 0 || syscall.Access(path, 2 /* W_OK */) == nil
}

// keepOwnerAndMode gives the new file the old one's permission bits and,
// where allowed, its owner and group: as root both (a root cron job must
// not take over a user's tracker), otherwise the group if we belong to it.
func keepOwnerAndMode(f *os.File, old fs.FileInfo) error {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		switch {
		case os.Geteuid() == 0:
			if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
				return err
			}
		case int(st.Gid) != os.Getegid():
			f.Chown(-1, int(st.Gid)) // best effort: not a member is fine
		}
	}
	return f.Chmod(old.Mode().Perm())
}

// lock marks f as in use, so that another run's stale-file sweep leaves
// it alone. The lock goes with the file descriptor.
func lock(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

func tryLock(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
