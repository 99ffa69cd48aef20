//! Door verdicts and the durable scan log. To be written: see issue 4.
