//! Escaping text for Typst: every interpolated value must print exactly as
//! written, never run as markup or code.

/// Escapes text for Typst markup: every character that could start markup
/// (`#`, `$`, `*`, `_`, `[`, `]`, `<`, `>`, `@`, `` ` ``, `~`, `\`, `/`, `=`,
/// `-`, `+`, `.`, `'`, `"`, `:`) gets a backslash, so it prints as itself;
/// a newline (`\n`, `\r\n`, a lone `\r`, and U+0085, U+2028 and U+2029,
/// which Typst would also read as line ends) becomes a forced line break; a
/// tab, vertical tab or form feed becomes a space; other control characters
/// are dropped.
///
/// Words longer than [`LONG_WORD`] characters (long URLs, identifiers) get a
/// zero-width space every [`BREAK_EVERY`] characters: invisible, but it lets
/// Typst wrap them instead of running them off the page. No break is put
/// before a combining mark, so an accent stays on its letter.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    let mut word = 0usize;
    let mut rest_of_word = word_lengths(text).into_iter();
    while let Some(c) = chars.next() {
        let remaining = rest_of_word.next().unwrap_or(0);
        if c.is_whitespace() {
            word = 0;
        } else {
            if word > 0 && word.is_multiple_of(BREAK_EVERY) && word + 1 + remaining > LONG_WORD && !combines(c) {
                out.push('\u{200B}');
            }
            word += 1;
        }
        match c {
            '\\' | '#' | '$' | '*' | '_' | '[' | ']' | '<' | '>' | '@' | '`' | '~' | '/' | '=' | '-' | '+' | '.'
            | '\'' | '"' | ':' | '{' | '}' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\\n");
                }
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str("\\\n"),
            '\t' | '\u{b}' | '\u{c}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// True for a character that belongs to the one before it (a combining
/// accent, a joiner, a variation selector), where a word must not break.
fn combines(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    c.script() == Script::Inherited
}

/// Words longer than this many characters get break opportunities.
pub const LONG_WORD: usize = 40;

/// How often a long word may break, in characters.
pub const BREAK_EVERY: usize = 20;

/// For each character, how many characters of its word follow it (0 for white space).
fn word_lengths(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut lengths = vec![0; chars.len()];
    let mut following = 0;
    for (index, c) in chars.iter().enumerate().rev() {
        if c.is_whitespace() {
            following = 0;
        } else {
            lengths[index] = following;
            following += 1;
        }
    }
    lengths
}

/// Writes text as a Typst string literal (`"..."`), for use inside code.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_special_character() {
        assert_eq!(markup("#read(\"/etc/passwd\")"), "\\#read(\\\"\\/etc\\/passwd\\\")");
        assert_eq!(markup("a*b*_c_ $x$ [y] <l> @r"), "a\\*b\\*\\_c\\_ \\$x\\$ \\[y\\] \\<l\\> \\@r");
        assert_eq!(markup("- item"), "\\- item");
        assert_eq!(markup("= Heading"), "\\= Heading");
        assert_eq!(markup("// not a comment /* nor this */"), "\\/\\/ not a comment \\/\\* nor this \\*\\/");
        assert_eq!(markup("1. first"), "1\\. first");
        assert_eq!(markup("https://x.org"), "https\\:\\/\\/x\\.org");
    }

    #[test]
    fn markup_keeps_unicode_and_turns_newlines_into_line_breaks() {
        assert_eq!(markup("Đà Nẵng\nمرحبا"), "Đà Nẵng\\\nمرحبا");
        assert_eq!(markup("a\r\nb"), "a\\\nb");
        assert_eq!(markup("e\u{301}"), "e\u{301}");
    }

    #[test]
    fn long_words_get_invisible_break_opportunities() {
        let long = "x".repeat(45);
        let out = markup(&long);
        assert_eq!(out.matches('\u{200B}').count(), 2);
        assert_eq!(out.replace('\u{200B}', ""), long);
        let short = "y".repeat(40);
        assert_eq!(markup(&short), short);
        assert_eq!(markup("ab cd"), "ab cd");
    }

    #[test]
    fn a_word_of_41_characters_is_long() {
        assert_eq!(markup(&"z".repeat(41)).matches('\u{200B}').count(), 2);
    }

    #[test]
    fn no_break_is_put_between_a_letter_and_its_accent() {
        let word = format!("{}e\u{301}{}", "a".repeat(19), "x".repeat(25));
        let out = markup(&word);
        assert!(!out.contains("\u{200B}\u{301}"), "{out:?}");
        assert_eq!(out.replace('\u{200B}', ""), word);
    }

    #[test]
    fn unicode_line_ends_are_line_breaks_and_other_spacing_controls_spaces() {
        assert_eq!(markup("a\u{2028}b\u{2029}c\u{85}d"), "a\\\nb\\\nc\\\nd");
        assert_eq!(markup("a\u{b}b\u{c}c"), "a b c");
    }

    #[test]
    fn string_literal_escapes_quotes_backslashes_and_controls() {
        assert_eq!(string_literal("say \"hi\" \\ now\n"), "\"say \\\"hi\\\" \\\\ now\\n\"");
        assert_eq!(string_literal("\u{7}"), "\"\\u{7}\"");
    }
}
