//! Exchange of scan logs between door stations. To be written: see issue 4.
