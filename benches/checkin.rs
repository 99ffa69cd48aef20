//! Benchmark placeholder: written by the checkin work.

fn main() {}
