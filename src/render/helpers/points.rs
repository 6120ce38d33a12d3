//! `{{points "x,y x,y"}}`: a list of points in percent, as SVG writes a
//! polygon's, as the arguments of a Typst `polygon`: `(x%, y%), (x%, y%)`.
//! Relative lengths are resolved against the polygon's container, so the
//! shape scales with the box it is placed in, with nothing to compute in
//! Typst for each point.

use handlebars::{Helper, RenderError, RenderErrorReason};

/// Writes each `x,y` as `(x%, y%)`, separated by commas.
pub fn points(h: &Helper<'_>) -> Result<String, RenderError> {
    let list = super::string_param(h, 0)?;
    typst_points(list).ok_or_else(|| {
        RenderErrorReason::Other(format!("helper `points` expects numbers written `x,y x,y`, got {list:?}")).into()
    })
}

fn typst_points(list: &str) -> Option<String> {
    let mut out = String::with_capacity(list.len() * 2);
    for (i, point) in list.split_ascii_whitespace().enumerate() {
        let (x, y) = point.split_once(',')?;
        for number in [x, y] {
            number.parse::<f64>().ok().filter(|n| n.is_finite())?;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("({x}%, {y}%)"));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::typst_points;

    #[test]
    fn points_become_ratios() {
        assert_eq!(typst_points("1.5,2 30,40.25").as_deref(), Some("(1.5%, 2%), (30%, 40.25%)"));
        assert_eq!(typst_points("").as_deref(), Some(""));
        assert_eq!(typst_points("1,2 3"), None);
        assert_eq!(typst_points("1,x"), None);
        assert_eq!(typst_points("1,2);x(3,4"), None, "nothing but numbers reaches the code");
    }
}
