//! Benchmark placeholder: written by the badges work.

fn main() {}
