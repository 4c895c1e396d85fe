//! `ScheduleRng`: the simulation's seeded stream (R3) seen as a RustCrypto RNG.
//!
//! This is the only way randomness enters this crate: every byte comes from the
//! `random` callback `register` was given, so a schedule replays bit for bit.

use core::convert::Infallible;

use rand_core::{TryCryptoRng, TryRng};

/// Adapts the `random` callback (bound to its `Context`) to `rand_core`.
pub(crate) struct ScheduleRng<'a> {
    fill: &'a mut dyn FnMut(&mut [u8]),
}

impl<'a> ScheduleRng<'a> {
    pub(crate) fn new(fill: &'a mut dyn FnMut(&mut [u8])) -> Self {
        Self { fill }
    }
}

impl TryRng for ScheduleRng<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0u8; 4];
        (self.fill)(&mut bytes);
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0u8; 8];
        (self.fill)(&mut bytes);
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        (self.fill)(dst);
        Ok(())
    }
}

impl TryCryptoRng for ScheduleRng<'_> {}
