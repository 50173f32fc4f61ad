//! Fixed-point decimals for STV counts: an `i128` counting units of 10^-DP, so every
//! count is exact integer arithmetic and reproducible bit for bit on every machine
//! (never floating point). Meek's method uses 9 decimal places, Scottish STV 5.
//!
//! Rounding is always explicit in the name (`mul_up`, `div_down`, ...), because the
//! rules say which way each step rounds. Values in a count are never negative; the
//! bounds in `stv` (`MAX_BALLOTS`) keep every product far below `i128::MAX` (10^12 ballots
//! times 10^9 units times 10^9 is 10^30, against 1.7 × 10^38).

/// A non-negative decimal with `DP` places, held as a whole number of 10^-DP units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Fixed<const DP: u32>(i128);

impl<const DP: u32> Fixed<DP> {
    /// 10^DP: the number of units in one.
    pub const SCALE: i128 = 10i128.pow(DP);
    pub const ZERO: Self = Self(0);
    pub const ONE: Self = Self(Self::SCALE);
    /// The smallest step, 10^-DP.
    pub const UNIT: Self = Self(1);

    /// A whole number.
    pub fn whole(n: u64) -> Self {
        Self(i128::from(n) * Self::SCALE)
    }

    /// The raw number of units (for comparisons in tests and tie-breaks).
    pub fn units(self) -> i128 {
        self.0
    }

    pub const fn from_units(units: i128) -> Self {
        Self(units)
    }

    /// `self × n` for a whole `n`: exact.
    pub fn times(self, n: u64) -> Self {
        Self(self.0 * i128::from(n))
    }

    /// `self × o`, rounded up to the next unit.
    pub fn mul_up(self, o: Self) -> Self {
        Self(ceil_div(self.0 * o.0, Self::SCALE))
    }

    /// `self ÷ o`, rounded up to the next unit; `o` must not be zero.
    pub fn div_up(self, o: Self) -> Self {
        Self(ceil_div(self.0 * Self::SCALE, o.0))
    }

    /// `self ÷ n` for a whole `n`, rounded down (truncated).
    pub fn div_whole_down(self, n: u64) -> Self {
        Self(self.0.div_euclid(i128::from(n)))
    }

    /// `self × a ÷ b`, rounded down (truncated), with the product kept exact.
    pub fn mul_div_down(self, a: Self, b: Self) -> Self {
        Self((self.0 * a.0).div_euclid(b.0))
    }

    /// The whole part (rounded down).
    pub fn floor_whole(self) -> i128 {
        self.0.div_euclid(Self::SCALE)
    }
}

fn ceil_div(a: i128, b: i128) -> i128 {
    let q = a.div_euclid(b);
    if a.rem_euclid(b) == 0 { q } else { q + 1 }
}

impl<const DP: u32> std::ops::Add for Fixed<DP> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self(self.0 + o.0)
    }
}

impl<const DP: u32> std::ops::AddAssign for Fixed<DP> {
    fn add_assign(&mut self, o: Self) {
        self.0 += o.0;
    }
}

impl<const DP: u32> std::ops::Sub for Fixed<DP> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self(self.0 - o.0)
    }
}

impl<const DP: u32> std::ops::SubAssign for Fixed<DP> {
    fn sub_assign(&mut self, o: Self) {
        self.0 -= o.0;
    }
}

impl<const DP: u32> std::iter::Sum for Fixed<DP> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, |a, b| a + b)
    }
}

/// Always every decimal place: `5.000000001`, `6.00000`, `0.50000`.
impl<const DP: u32> std::fmt::Display for Fixed<DP> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let scale = Self::SCALE.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:0width$}",
            a / scale,
            a % scale,
            width = DP as usize
        )
    }
}

/// Serialised as its decimal string, so JSON readers never see a float.
impl<const DP: u32> serde::Serialize for Fixed<DP> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type F9 = Fixed<9>;
    type F5 = Fixed<5>;

    #[test]
    fn rounding_goes_the_named_way() {
        let third = F9::ONE.div_up(F9::whole(3));
        assert_eq!(third.to_string(), "0.333333334");
        let down = F9::ONE.div_whole_down(3);
        assert_eq!(down.to_string(), "0.333333333");
        assert_eq!(third.mul_up(F9::whole(3)).to_string(), "1.000000002");
        assert_eq!(
            F5::whole(6).mul_div_down(F5::ONE, F5::whole(7)).to_string(),
            "0.85714"
        );
        assert_eq!(
            F9::whole(20).div_whole_down(4) + F9::UNIT,
            F9::from_units(5_000_000_001)
        );
        assert_eq!(F5::from_units(650_000).floor_whole(), 6);
    }

    #[test]
    fn shows_every_decimal_place_and_serialises_as_a_string() {
        assert_eq!(F5::whole(6).to_string(), "6.00000");
        assert_eq!(F9::ZERO.to_string(), "0.000000000");
        assert_eq!(F5::from_units(-5).to_string(), "-0.00005");
        assert_eq!(
            serde_json::to_string(&F5::from_units(50_000)).unwrap(),
            "\"0.50000\""
        );
    }
}
