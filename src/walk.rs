//! Listing the files of a folder the config names, confined to that folder.
//!
//! The data directory, the templates folder and the fonts folder are all
//! read the same way, and so is the fingerprint `--if-changed` takes of
//! them. One walker serves them all, so that one set of rules holds
//! everywhere:
//!
//! - hidden files and folders (names starting with a dot) are skipped;
//! - every entry is resolved, and a link that leads outside the folder is
//!   refused, never followed: nothing outside the project is read;
//! - a folder reached twice (a link back to a parent, or a second link to
//!   the same folder) is refused as a loop, so a walk always ends and no
//!   file is read twice;
//! - only regular files are listed: a named pipe, a socket or a device
//!   whose name looks like an input is refused, because reading it could
//!   block forever.
//!
//! Real folders and files are walked before links, so a message about a
//! duplicate always points at the link, not at the real file.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::{Location, Problem, display_path};
use crate::input::io_reason;

/// What a walk found: the wanted files in a stable order, and what was refused.
#[derive(Debug, Default)]
pub struct Listing {
    /// The wanted files, as paths below the root as it was given, sorted.
    pub files: Vec<PathBuf>,
    /// Entries that were refused, each located at the entry.
    pub problems: Vec<Problem>,
}

/// Lists the regular files below `root` whose names `wanted` accepts.
///
/// `what` names the folder in messages ("data directory", "templates
/// folder"). A root that is missing or not a folder is a problem of its own;
/// the listing is then empty.
pub fn files(root: &Path, what: &str, wanted: impl Fn(&str) -> bool) -> Listing {
    let mut walk = Walk {
        root_real: PathBuf::new(),
        what,
        wanted: &wanted,
        listing: Listing::default(),
        visited_dirs: HashSet::new(),
        seen_files: HashSet::new(),
        links: VecDeque::new(),
    };
    let root_real = match fs::canonicalize(root) {
        Ok(real) => real,
        Err(err) => {
            walk.refuse(
                root,
                format!("cannot read the {what}: {}; check its path in [report] of the config", io_reason(&err)),
            );
            return walk.listing;
        }
    };
    if !root_real.is_dir() {
        walk.refuse(root, format!("the {what} must be a folder, but this is a file"));
        return walk.listing;
    }
    walk.root_real = root_real;
    walk.folder(root);
    while let Some(link) = walk.links.pop_front() {
        walk.link(&link);
    }
    walk.listing.files.sort();
    walk.listing
}

struct Walk<'a, F: Fn(&str) -> bool> {
    root_real: PathBuf,
    what: &'a str,
    wanted: &'a F,
    listing: Listing,
    /// The real paths of the folders read so far.
    visited_dirs: HashSet<PathBuf>,
    /// The real paths of the files listed so far.
    seen_files: HashSet<PathBuf>,
    /// Links met, to be resolved after the real folders are walked.
    links: VecDeque<PathBuf>,
}

impl<F: Fn(&str) -> bool> Walk<'_, F> {
    fn refuse(&mut self, path: &Path, message: String) {
        self.listing.problems.push(Problem::error(Location::file(display_path(path)), message));
    }

    fn wants(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|name| (self.wanted)(&name.to_string_lossy()))
    }

    /// Walks the real folders below `dir` (not following links), listing
    /// regular files and queueing links for later.
    fn folder(&mut self, dir: &Path) {
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            // A file that is not a link lies, for real, in its folder's real path.
            let folder_real = fs::canonicalize(&folder).ok();
            if let Some(real) = &folder_real {
                self.visited_dirs.insert(real.clone());
            }
            let entries = match fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(err) => {
                    self.refuse(&folder, format!("cannot list this folder: {}", io_reason(&err)));
                    continue;
                }
            };
            let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
            entries.sort_by_key(|entry| entry.file_name());
            for entry in entries {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = entry.path();
                let Ok(file_type) = entry.file_type() else { continue };
                if file_type.is_symlink() {
                    self.links.push_back(path);
                } else if file_type.is_dir() {
                    pending.push(path);
                } else if self.wants(&path) {
                    if file_type.is_file() {
                        if let Some(real) = &folder_real {
                            self.seen_files.insert(real.join(entry.file_name()));
                        }
                        self.listing.files.push(path);
                    } else {
                        self.refuse(
                            &path,
                            format!(
                                "this is not a regular file ({}); yearbrief reads only regular files, so move it out of the {}",
                                special_kind(&file_type),
                                self.what
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Resolves one link: follows it when it stays inside the root and leads
    /// somewhere not read yet, refuses it otherwise.
    fn link(&mut self, link: &Path) {
        let target = fs::read_link(link).map(|t| t.display().to_string()).unwrap_or_default();
        let real = match fs::canonicalize(link) {
            Ok(real) => real,
            Err(err) => {
                if self.wants(link) {
                    let reason = if err.raw_os_error() == Some(40) {
                        "it is part of a loop of links".to_owned()
                    } else {
                        io_reason(&err)
                    };
                    self.refuse(link, format!("this link to `{target}` cannot be followed: {reason}"));
                }
                return;
            }
        };
        let Ok(metadata) = fs::metadata(&real) else { return };
        if metadata.is_dir() {
            if !real.starts_with(&self.root_real) {
                self.refuse(
                    link,
                    format!(
                        "this link leads to the folder {}, outside the {} {}; yearbrief reads nothing outside it: move or copy the folder in",
                        real.display(),
                        self.what,
                        display_path(&self.root_real).display()
                    ),
                );
            } else if !self.visited_dirs.insert(real.clone()) || self.root_real.starts_with(&real) {
                self.refuse(
                    link,
                    format!(
                        "this link leads back to the folder {}, which is read already: following it would loop or read its files twice; remove the link",
                        display_path(&real).display()
                    ),
                );
            } else {
                self.folder(link);
            }
            return;
        }
        if !self.wants(link) {
            return;
        }
        if !real.starts_with(&self.root_real) {
            self.refuse(
                link,
                format!(
                    "this link leads to {}, outside the {} {}; yearbrief reads nothing outside it: copy the file in instead",
                    real.display(),
                    self.what,
                    display_path(&self.root_real).display()
                ),
            );
        } else if !metadata.is_file() {
            self.refuse(
                link,
                format!(
                    "this link leads to {}, which is not a regular file ({}); yearbrief reads only regular files",
                    display_path(&real).display(),
                    special_kind(&metadata.file_type())
                ),
            );
        } else if !self.seen_files.insert(real.clone()) {
            self.refuse(
                link,
                format!(
                    "this link leads to {}, which is read already; remove the link so its records are not counted twice",
                    display_path(&real).display()
                ),
            );
        } else {
            self.listing.files.push(link.to_path_buf());
        }
    }
}

/// Where `path` leads: made absolute, with its longest existing ancestor
/// resolved through symbolic links and the rest (which does not exist yet)
/// appended as written. Used to compare a path about to be written with the
/// files that exist.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = crate::config::absolute(path);
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(mut real) = fs::canonicalize(&existing) {
            real.extend(rest.iter().rev());
            return real;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => return absolute,
        }
    }
}

/// What sort of special file this is, in words.
fn special_kind(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn toml(name: &str) -> bool {
        name.ends_with(".toml")
    }

    fn names(root: &Path, listing: &Listing) -> Vec<String> {
        listing.files.iter().map(|p| p.strip_prefix(root).unwrap().display().to_string()).collect()
    }

    fn messages(listing: &Listing) -> Vec<String> {
        listing
            .problems
            .iter()
            .map(|p| {
                let file = p.location.as_ref().unwrap().file.file_name().unwrap().to_string_lossy().into_owned();
                format!("{file}: {}", p.message)
            })
            .collect()
    }

    #[test]
    fn lists_wanted_regular_files_sorted_and_skips_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        for name in ["z.toml", "a.toml", "b/c/d.toml", "notes.md", ".draft.toml", ".hidden/x.toml"] {
            fs::write(root.join(name), "").unwrap();
        }
        let listing = files(root, "data directory", toml);
        assert!(listing.problems.is_empty(), "{:?}", listing.problems);
        assert_eq!(names(root, &listing), ["a.toml", "b/c/d.toml", "z.toml"]);
    }

    #[test]
    fn link_to_a_file_outside_the_root_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        fs::create_dir_all(&root).unwrap();
        fs::write(dir.path().join("secret.toml"), "").unwrap();
        symlink(dir.path().join("secret.toml"), root.join("evil.toml")).unwrap();
        symlink("/etc/passwd", root.join("passwd.toml")).unwrap();
        symlink("/etc/passwd", root.join("passwd.txt")).unwrap();
        let listing = files(&root, "data directory", toml);
        assert!(listing.files.is_empty(), "{:?}", listing.files);
        let messages = messages(&listing);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("evil.toml: this link leads to"), "{messages:?}");
        assert!(messages[1].contains("outside the data directory"), "{messages:?}");
    }

    #[test]
    fn link_to_a_folder_outside_the_root_is_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("templates");
        fs::create_dir_all(&root).unwrap();
        symlink("/", root.join("rootlink")).unwrap();
        let listing = files(&root, "templates folder", |_| true);
        assert!(listing.files.is_empty());
        assert_eq!(listing.problems.len(), 1);
        assert!(
            messages(&listing)[0].starts_with("rootlink: this link leads to the folder /,"),
            "{:?}",
            messages(&listing)
        );
    }

    #[test]
    fn links_back_to_a_parent_are_refused_as_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("sub/e.toml"), "").unwrap();
        symlink(".", root.join("a")).unwrap();
        symlink("..", root.join("sub/b")).unwrap();
        symlink("sub", root.join("c")).unwrap();
        let listing = files(root, "data directory", toml);
        assert_eq!(names(root, &listing), ["sub/e.toml"]);
        let messages = messages(&listing);
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().all(|m| m.contains("read already")), "{messages:?}");
    }

    #[test]
    fn link_inside_the_root_to_an_unread_place_is_followed_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".shared")).unwrap();
        fs::write(root.join(".shared/master.toml"), "").unwrap();
        symlink(".shared/master.toml", root.join("2024.toml")).unwrap();
        symlink("2024.toml", root.join("again.toml")).unwrap();
        let listing = files(root, "data directory", toml);
        assert_eq!(names(root, &listing), ["2024.toml"]);
        assert_eq!(messages(&listing).len(), 1);
        assert!(messages(&listing)[0].starts_with("again.toml: "), "{:?}", messages(&listing));
    }

    #[test]
    fn named_pipes_and_dangling_links_are_refused_when_wanted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let status = std::process::Command::new("mkfifo").arg(root.join("pipe.toml")).status().unwrap();
        assert!(status.success());
        symlink("missing.toml", root.join("dangling.toml")).unwrap();
        symlink("self.toml", root.join("self.toml")).unwrap();
        let listing = files(root, "data directory", toml);
        assert!(listing.files.is_empty());
        let messages = messages(&listing);
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("pipe.toml: this is not a regular file (a named pipe)")));
        assert!(messages.iter().any(|m| m.starts_with("dangling.toml: ") && m.contains("does not exist")));
        assert!(messages.iter().any(|m| m.starts_with("self.toml: ") && m.contains("loop of links")));
    }

    #[test]
    fn resolved_follows_links_in_the_existing_part_only() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir(real.join("target")).unwrap();
        symlink(real.join("target"), real.join("link")).unwrap();
        assert_eq!(resolved(&real.join("link/new/file.pdf")), real.join("target/new/file.pdf"));
        assert_eq!(resolved(&real.join("link")), real.join("target"));
    }

    #[test]
    fn a_missing_root_is_one_problem() {
        let dir = tempfile::tempdir().unwrap();
        let listing = files(&dir.path().join("nope"), "data directory", toml);
        assert!(listing.files.is_empty());
        assert!(messages(&listing)[0].contains("cannot read the data directory: it does not exist"));
    }
}
