# Sourced by scripts/test: the page tests drive Debian's headless Chromium (tests/browser.py).
# Install it with apt-get when it is missing and we can (root, apt-get present); otherwise
# say so, and those tests skip with the reason. Never fails the test run.
ensure_browser() {
    if command -v chromium >/dev/null 2>&1; then
        return 0
    fi
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "No Chromium and no root apt-get: the browser tests will skip" >&2
        return 0
    fi
    echo "Installing Chromium for the browser tests (apt-get install chromium chromium-driver)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 &&
          apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; } ||
        echo "Chromium could not be installed: the browser tests will skip" >&2
}
ensure_browser
