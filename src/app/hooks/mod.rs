//! Named hooks: the effects of the root component, each with one job.
