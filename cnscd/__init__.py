"""CNSCĐ: the open platform for Vietnam's community digital technology teams."""
