//! Badge layout (millimetre geometry shared by PDF and preview), PDF rendering, fonts.
//! To be written: see issue 3.
