//! The `length` kind: Gale–Church. A bead's target length should be its source length times the
//! documents' ratio, with a variance growing with the length; the cost is −ln of the two-sided
//! normal tail of the difference. The facts are each sentence's length in characters
//! (`super::Side::len`), kept as prefix sums by the search so any bead costs O(1).

/// −ln of the two-sided tail probability of a standard normal at `|d|` (Gale–Church's match cost).
pub fn normal_tail_cost(d: f32) -> f32 {
    let x = d.abs() as f64 / std::f64::consts::SQRT_2;
    // erfc via Numerical Recipes' erfcc (fractional error < 1.2e-7)
    let t = 1.0 / (1.0 + 0.5 * x);
    let ln_erfc = -x * x - 1.26551223
        + t * (1.00002368
            + t * (0.37409196
                + t * (0.09678418
                    + t * (-0.18628806
                        + t * (0.27886187
                            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    let ln_erfc = ln_erfc + t.ln();
    (-ln_erfc) as f32
}

/// Gale–Church length cost of `ls` source and `lt` target characters when a target character
/// costs `1/ratio` source characters.
pub fn length_cost(ls: f32, lt: f32, ratio: f32, variance: f32) -> f32 {
    if ls + lt <= 0.0 {
        return 0.0;
    }
    let expect = ls * ratio;
    let d = (lt - expect) / (variance * (expect + lt).max(1.0) / 2.0).sqrt();
    normal_tail_cost(d)
}

/// A lower bound of [`length_cost`] that skips the tail's polynomial and logarithm: `erfc(x) ≤
/// e^(−x²)` for `x ≥ 0`, so the cost is at least `x² = d²/2` (less a margin for the
/// approximation's error and rounding). The search uses it to skip beads that cannot win.
pub fn length_cost_lower_bound(ls: f32, lt: f32, ratio: f32, variance: f32) -> f32 {
    if ls + lt <= 0.0 {
        return 0.0;
    }
    let expect = ls * ratio;
    let d = (lt - expect) / (variance * (expect + lt).max(1.0) / 2.0).sqrt();
    let x2 = (d as f64) * (d as f64) / 2.0;
    (x2 * (1.0 - 1e-5) - 1e-4) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_cost_is_low_when_lengths_fit() {
        let fit = length_cost(20.0, 60.0, 3.0, 6.0);
        let off = length_cost(20.0, 150.0, 3.0, 6.0);
        assert!(fit < 0.1, "{fit}");
        assert!(off > 5.0, "{off}");
        assert!(normal_tail_cost(0.0).abs() < 1e-3);
        assert!((normal_tail_cost(1.96) - (0.05f32).ln().abs()).abs() < 0.01);
    }

    #[test]
    fn the_lower_bound_never_exceeds_the_cost() {
        let mut tight = 0;
        for ls in [0.0f32, 1.0, 3.0, 10.0, 40.0, 200.0, 3000.0] {
            for k in 0..=400 {
                let lt = k as f32 * 0.05 * ls.max(1.0) * 3.0 / 4.0;
                for var in [6.0f32, 12.0, 96.0] {
                    let (lb, c) = (length_cost_lower_bound(ls, lt, 3.0, var), length_cost(ls, lt, 3.0, var));
                    assert!(lb <= c, "{ls} {lt} {var}: {lb} > {c}");
                    tight += usize::from(c > 4.0 && lb > 0.5 * c);
                }
            }
        }
        assert!(tight > 100, "the bound is useful where costs are high ({tight})");
    }
}
