//! C2SP tlog-tiles: tile paths and contents (pure).
//!
//! A tile at level `L`, index `N` holds up to 256 hashes of tree level `8·L`
//! (hashes `256·N .. 256·N + W`); `W < 256` makes it partial and its path ends in
//! `.p/<W>`. Entry bundles (`tile/entries/...`) hold up to 256 entries, each as a
//! big-endian 16-bit length and its bytes. `N` is written in groups of three digits,
//! all but the last prefixed with `x`: 1234067 is `x001/x234/067`.

pub const TILE_HEIGHT: u32 = 8;
pub const TILE_WIDTH: u64 = 256;

/// What a tile path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileKind {
    /// Hashes of tree level `8·level`.
    Hashes {
        level: u8,
    },
    Entries,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tile {
    pub kind: TileKind,
    pub index: u64,
    /// 1..=256; 256 is a full tile.
    pub width: u64,
}

/// Formats `N` as C2SP path elements.
pub fn index_path(mut n: u64) -> String {
    let mut groups = vec![n % 1000];
    n /= 1000;
    while n > 0 {
        groups.push(n % 1000);
        n /= 1000;
    }
    groups.reverse();
    let last = groups.len() - 1;
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            if i < last {
                format!("x{g:03}")
            } else {
                format!("{g:03}")
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Tile {
    /// The path below `tile/`.
    pub fn path(&self) -> String {
        let head = match self.kind {
            TileKind::Hashes { level } => level.to_string(),
            TileKind::Entries => "entries".to_string(),
        };
        let partial = if self.width < TILE_WIDTH {
            format!(".p/{}", self.width)
        } else {
            String::new()
        };
        format!("{head}/{}{partial}", index_path(self.index))
    }

    /// Parses the path below `tile/`; only canonical paths are accepted.
    pub fn parse(path: &str) -> Option<Tile> {
        let mut parts: Vec<&str> = path.split('/').collect();
        let kind = match parts.first()? {
            &"entries" => TileKind::Entries,
            l => {
                if l.is_empty()
                    || (l.len() > 1 && l.starts_with('0'))
                    || !l.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                let level: u8 = l.parse().ok()?;
                if level > 7 {
                    return None;
                }
                TileKind::Hashes { level }
            }
        };
        parts.remove(0);
        let mut width = TILE_WIDTH;
        if parts.len() >= 2 && parts[parts.len() - 2].ends_with(".p") {
            let w = parts.pop()?;
            if w.is_empty() || w.starts_with('0') || !w.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            width = w.parse().ok()?;
            if !(1..TILE_WIDTH).contains(&width) {
                return None;
            }
            let last = parts.pop()?;
            parts.push(last.strip_suffix(".p")?);
        }
        let (last, xs) = parts.split_last()?;
        let mut n: u64 = 0;
        for (i, g) in xs.iter().enumerate() {
            let digits = g.strip_prefix('x')?;
            if digits.len() != 3
                || !digits.bytes().all(|b| b.is_ascii_digit())
                || (i == 0 && digits == "000")
            {
                return None;
            }
            n = n.checked_mul(1000)?.checked_add(digits.parse().ok()?)?;
        }
        if last.len() != 3 || !last.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        n = n.checked_mul(1000)?.checked_add(last.parse().ok()?)?;
        let tile = Tile {
            kind,
            index: n,
            width,
        };
        (tile.path() == path).then_some(tile)
    }

    /// The range of stored hashes (or entries) the tile holds, and their level.
    pub fn range(&self) -> (u8, u64, u64) {
        let level = match self.kind {
            TileKind::Hashes { level } => level * TILE_HEIGHT as u8,
            TileKind::Entries => 0,
        };
        let from = self.index * TILE_WIDTH;
        (level, from, from + self.width)
    }

    /// Whether a log of `size` entries has all of the tile's contents.
    pub fn within(&self, size: u64) -> bool {
        let (level, _, to) = self.range();
        let available = if u32::from(level) >= 64 {
            0
        } else {
            size >> level
        };
        to <= available
    }

    /// Full tiles never change; partial ones are replaced as the log grows.
    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }
}

/// An entry bundle: each entry as a big-endian 16-bit length and its bytes.
pub fn bundle<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        let len = u16::try_from(e.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&e[..usize::from(len)]);
    }
    out
}

/// Splits an entry bundle back into entries (`None` if malformed).
pub fn unbundle(mut data: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        if data.len() < 2 {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([data[0], data[1]]));
        if data.len() < 2 + len {
            return None;
        }
        out.push(&data[2..2 + len]);
        data = &data[2 + len..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_follow_c2sp() {
        assert_eq!(index_path(0), "000");
        assert_eq!(index_path(5), "005");
        assert_eq!(index_path(1000), "x001/000");
        assert_eq!(index_path(1234067), "x001/x234/067");
    }

    #[test]
    fn tile_paths_round_trip_and_only_canonical_ones_parse() {
        for t in [
            Tile {
                kind: TileKind::Hashes { level: 0 },
                index: 0,
                width: 256,
            },
            Tile {
                kind: TileKind::Hashes { level: 1 },
                index: 1234067,
                width: 256,
            },
            Tile {
                kind: TileKind::Hashes { level: 2 },
                index: 7,
                width: 3,
            },
            Tile {
                kind: TileKind::Entries,
                index: 1000,
                width: 255,
            },
        ] {
            assert_eq!(Tile::parse(&t.path()), Some(t), "{}", t.path());
        }
        for bad in [
            "",
            "0",
            "0/5",
            "0/0005",
            "00/000",
            "8/000",
            "0/x000/001",
            "0/000.p/0",
            "0/000.p/256",
            "0/000.p/07",
            "x/000",
            "entries/abc",
            "0/000/",
            "0/x1/000",
        ] {
            assert_eq!(Tile::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tiles_know_what_they_cover() {
        let t = Tile {
            kind: TileKind::Hashes { level: 1 },
            index: 2,
            width: 10,
        };
        assert_eq!(t.range(), (8, 512, 522));
        assert!(t.within(522 << 8));
        assert!(!t.within((522 << 8) - 1));
        let e = Tile {
            kind: TileKind::Entries,
            index: 0,
            width: 256,
        };
        assert!(e.within(256) && !e.within(255));
    }

    #[test]
    fn bundles_round_trip() {
        let entries: Vec<&[u8]> = vec![b"{}", b"", b"{\"a\":1}"];
        let b = bundle(entries.iter().copied());
        assert_eq!(unbundle(&b).unwrap(), entries);
        assert!(unbundle(&[0, 5, 1]).is_none());
    }
}
