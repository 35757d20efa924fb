# The probe suite of sandbox_user.test.sh in isolation none: a user with no
# subordinate range, as in a pod, so debimg runs the scripts under fakeroot and
# fakechroot, confined by Landlock and its seccomp filter (docs/isolation.md).
# Every escape is refused, no host file changes, no secret reaches the image.
# Two formats (a folder on the host's disk, an archive through the OCI
# writer): the other three take the same tree (sandbox_user composes all five).
SBX_ISOLATION=none SBX_FORMATS="dir oci-archive" exec bash "$(dirname "$0")/sandbox_user.test.sh"
