//! The escaping target: text escaped for Typst must read back as that text.
//!
//! The input bytes are read as UTF-8 (invalid sequences become U+FFFD) and
//! go through both escapes of `yearbrief::render::escape`:
//!
//! - `markup`: the escaped text is parsed with Typst's own parser as markup.
//!   It must parse without errors or warnings into nothing but text, escapes, spaces and
//!   line breaks, and what those display must be the input, as the escape
//!   documents it: a newline (`\n`, `\r\n`, a lone `\r`, U+0085, and the
//!   Unicode line and paragraph separators U+2028 and U+2029) is a forced
//!   line break, a tab, vertical tab or form feed is a space, other control
//!   characters are dropped, and a word of more than `LONG_WORD` characters
//!   gets a zero-width space before its character number `BREAK_EVERY`,
//!   `2 × BREAK_EVERY`, … (counted from 0), unless that character is a
//!   combining mark (script Inherited), which stays with its letter.
//!   Typst shows any run of spaces as one space and drops spaces next to a
//!   line break, so spaces are compared that way.
//! - `string_literal`: the literal is parsed as Typst code; it must be one
//!   string literal, without errors or warnings, whose value is exactly the input.

use std::fmt;

use typst::syntax::{SyntaxKind, ast};
use unicode_script::{Script, UnicodeScript};
use yearbrief::render::escape::{BREAK_EVERY, LONG_WORD, markup, string_literal};

/// Checks both escapes on `bytes`.
pub fn check(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    check_markup(&text);
    check_string_literal(&text);
}

/// One thing markup shows, as far as the comparison is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shown {
    /// A character of text.
    Char(char),
    /// White space between words.
    Space,
    /// A forced line break.
    Break,
    /// A paragraph break.
    Parbreak,
    /// Anything else the parser found: a node kind plain text never gives.
    Other(SyntaxKind, String),
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Char(c) => write!(f, "{c:?}"),
            Shown::Space => write!(f, "space"),
            Shown::Break => write!(f, "line break"),
            Shown::Parbreak => write!(f, "paragraph break"),
            Shown::Other(kind, text) => write!(f, "{kind:?} {text:?}"),
        }
    }
}

fn check_markup(text: &str) {
    let escaped = markup(text);
    let root = typst::syntax::parse(&escaped);
    let (errors, warnings) = root.errors_and_warnings();
    assert!(errors.is_empty(), "{text:?} escaped as {escaped:?} does not parse: {errors:?}");
    assert!(warnings.is_empty(), "{text:?} escaped as {escaped:?} parses with warnings: {warnings:?}");
    let shown = normalise(displayed(&root));
    let expected = normalise(intended(text));
    if shown != expected {
        let at = shown.iter().zip(&expected).take_while(|(a, b)| a == b).count();
        let describe = |list: &[Shown]| list.get(at).map_or_else(|| "the end".to_owned(), Shown::to_string);
        panic!(
            "{text:?} escaped as {escaped:?} displays {} where the input has {} (item {at})",
            describe(&shown),
            describe(&expected)
        );
    }
}

/// What the parsed markup shows, leaf by leaf.
fn displayed(root: &typst::syntax::SyntaxNode) -> Vec<Shown> {
    let mut shown = Vec::new();
    for node in root.children() {
        match node.kind() {
            SyntaxKind::Text => {
                shown.extend(node.leaf_text().chars().map(|c| if c == ' ' { Shown::Space } else { Shown::Char(c) }))
            }
            SyntaxKind::Escape => {
                let escape = node.cast::<ast::Escape>().expect("an escape node");
                shown.push(Shown::Char(escape.get()));
            }
            SyntaxKind::Shorthand => {
                let shorthand = node.cast::<ast::Shorthand>().expect("a shorthand node");
                shown.push(Shown::Char(shorthand.get()));
            }
            SyntaxKind::Space => shown.push(Shown::Space),
            SyntaxKind::Linebreak => shown.push(Shown::Break),
            SyntaxKind::Parbreak => shown.push(Shown::Parbreak),
            kind => shown.push(Shown::Other(kind, node.full_text().to_string())),
        }
    }
    shown
}

/// What the escape promises to show for `text`.
fn intended(text: &str) -> Vec<Shown> {
    let chars: Vec<char> = text.chars().collect();
    let mut shown = Vec::with_capacity(chars.len());
    let mut index = 0;
    while index < chars.len() {
        if chars[index].is_whitespace() {
            shown.push(match chars[index] {
                '\r' if chars.get(index + 1) == Some(&'\n') => None,
                '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(Shown::Break),
                ' ' | '\t' | '\u{b}' | '\u{c}' => Some(Shown::Space),
                c if c.is_control() => None,
                c => Some(Shown::Char(c)),
            });
            index += 1;
            continue;
        }
        let end = chars[index..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |n| index + n);
        let long = end - index > LONG_WORD;
        for (place, &c) in chars[index..end].iter().enumerate() {
            if long && place > 0 && place % BREAK_EVERY == 0 && c.script() != Script::Inherited {
                shown.push(Some(Shown::Char('\u{200B}')));
            }
            shown.push((!c.is_control()).then_some(Shown::Char(c)));
        }
        index = end;
    }
    shown.into_iter().flatten().collect()
}

/// Spaces as Typst shows them: a run of spaces is one space, and a space
/// next to a line break is not shown.
fn normalise(items: Vec<Shown>) -> Vec<Shown> {
    let mut out: Vec<Shown> = Vec::with_capacity(items.len());
    for item in items {
        match (&item, out.last()) {
            (Shown::Space, Some(Shown::Space | Shown::Break)) => {}
            (Shown::Break, Some(Shown::Space)) => {
                out.pop();
                out.push(item);
            }
            _ => out.push(item),
        }
    }
    out
}

fn check_string_literal(text: &str) {
    let literal = string_literal(text);
    let root = typst::syntax::parse_code(&literal);
    let (errors, warnings) = root.errors_and_warnings();
    assert!(errors.is_empty(), "{text:?} written as {literal:?} does not parse: {errors:?}");
    assert!(warnings.is_empty(), "{text:?} written as {literal:?} parses with warnings: {warnings:?}");
    let strings: Vec<ast::Str> = root.children().filter_map(|node| node.cast::<ast::Str>()).collect();
    assert_eq!(root.children().len(), 1, "{text:?} written as {literal:?} is not one string literal");
    assert_eq!(strings.len(), 1, "{text:?} written as {literal:?} is not a string literal");
    assert_eq!(strings[0].get().as_str(), text, "{text:?} written as {literal:?} reads back differently");
}
