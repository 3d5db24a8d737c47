# Sourced: sets up the C cross toolchain for a Rust target built on another platform.
#   . tests/release/cross-env.sh RUST_TARGET
# Sets CARGO (cargo, or "cargo zigbuild" for macOS targets on Linux) and the linker/C compiler
# variables cargo and the cc crate read. Needs (Debian): gcc-mingw-w64-x86-64 for Windows,
# gcc-aarch64-linux-gnu + libc6-dev-arm64-cross for linux-arm64; cargo-zigbuild + ziglang
# (PyPI) for macOS. Static zlib everywhere (no libz at run time on another machine).
_rt="$1"
export LIBZ_SYS_STATIC=1
CARGO_BUILD_CMD="cargo build"
_host="$(rustc -vV | sed -n 's/^host: //p')"
if [ "$_rt" != "$_host" ]; then
  case "$_rt" in
    aarch64-unknown-linux-gnu)
      export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER:-aarch64-linux-gnu-gcc}"
      export CC_aarch64_unknown_linux_gnu="${CC_aarch64_unknown_linux_gnu:-aarch64-linux-gnu-gcc}"
      export AR_aarch64_unknown_linux_gnu="${AR_aarch64_unknown_linux_gnu:-aarch64-linux-gnu-ar}"
      command -v qemu-aarch64 >/dev/null 2>&1 && \
        export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER:-qemu-aarch64 -L /usr/aarch64-linux-gnu}"
      ;;
    x86_64-pc-windows-gnu)
      export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}"
      export CC_x86_64_pc_windows_gnu="${CC_x86_64_pc_windows_gnu:-x86_64-w64-mingw32-gcc}"
      export AR_x86_64_pc_windows_gnu="${AR_x86_64_pc_windows_gnu:-x86_64-w64-mingw32-ar}"
      ;;
    *-apple-darwin)
      case "$_host" in *-apple-darwin) ;; *) CARGO_BUILD_CMD="cargo zigbuild" ;; esac
      ;;
  esac
fi
unset _rt _host
