#!/usr/bin/env python3
"""Lists a directory tree as "path mode uid gid mtime link-or-sha256" lines in
walk order, to compare two unpacked images entry by entry."""
import hashlib
import os
import stat
import sys

root = sys.argv[1]
for top, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(dirs + files):
        path = os.path.join(top, name)
        st = os.lstat(path)
        what = ""
        if stat.S_ISREG(st.st_mode):
            with open(path, "rb") as f:
                what = hashlib.sha256(f.read()).hexdigest()
        elif stat.S_ISLNK(st.st_mode):
            what = os.readlink(path)
        print(os.path.relpath(path, root), oct(st.st_mode), st.st_uid, st.st_gid, int(st.st_mtime), what)
