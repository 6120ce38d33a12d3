//! yearbrief: turns a foreign-affairs event log into a yearly PDF briefing.
//!
//! The pipeline has one module per stage: [`config`] reads the report
//! definition, [`data`] loads the event log, [`aggregate`] computes the
//! year-over-year comparison, and [`cli`] ties them to the command line.
