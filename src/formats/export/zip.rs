//! A minimal ZIP writer: stored entries (no compression), CRC-32 computed here, UTF-8 names.
//!
//! Enough for a few thousand small text files (brat's `.txt`/`.ann` pairs); sizes and counts
//! beyond the classic ZIP limits (4 GiB, 65 535 entries) are clamped, which a browser export
//! never reaches.

/// CRC-32 (IEEE 802.3, the one ZIP uses), bit by bit: small code, fast enough for text.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// MS-DOS date and time of an ISO 8601 timestamp (`YYYY-MM-DDTHH:MM:SS…`); 1980-01-01 00:00
/// when it cannot be read or is before 1980.
pub fn dos_time(iso: &str) -> (u16, u16) {
    let num = |range: std::ops::Range<usize>| iso.get(range).and_then(|s| s.parse::<u16>().ok());
    let fallback = (0u16, (1 << 5) | 1);
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return fallback;
    };
    if !(1980..=2107).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return fallback;
    }
    let hour = num(11..13).filter(|h| *h < 24).unwrap_or(0);
    let minute = num(14..16).filter(|m| *m < 60).unwrap_or(0);
    let second = num(17..19).filter(|s| *s < 60).unwrap_or(0);
    let time = (hour << 11) | (minute << 5) | (second / 2);
    let date = ((year - 1980) << 9) | (month << 5) | day;
    (time, date)
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn u16_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A ZIP archive of `files` (name, contents), in order, all stored, with the given DOS time.
pub fn write_zip(files: &[(String, Vec<u8>)], time: (u16, u16)) -> Vec<u8> {
    const UTF8_NAMES: u16 = 1 << 11;
    let (dos_time, dos_date) = time;
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    for (name, data) in files {
        let offset = u32_of(out.len());
        let crc = crc32(data);
        let size = u32_of(data.len());
        let name_len = u16_of(name.len());
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed (2.0)
        out.extend_from_slice(&UTF8_NAMES.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // stored
        out.extend_from_slice(&dos_time.to_le_bytes());
        out.extend_from_slice(&dos_date.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes()); // compressed
        out.extend_from_slice(&size.to_le_bytes()); // uncompressed
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory record.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&(0x0300u16 | 20).to_le_bytes()); // made by: Unix, 2.0
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&UTF8_NAMES.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&dos_time.to_le_bytes());
        central.extend_from_slice(&dos_date.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes()); // -rw-r--r--
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32_of(out.len());
    let central_size = u32_of(central.len());
    let count = u16_of(files.len());
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // disk with the directory
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn dos_time_of_iso() {
        let (t, d) = dos_time("2026-11-23T11:17:30Z");
        assert_eq!(d, ((2026 - 1980) << 9) | (11 << 5) | 23);
        assert_eq!(t, (11 << 11) | (17 << 5) | 15);
        assert_eq!(dos_time("garbage"), (0, 33));
        assert_eq!(dos_time("1970-01-01T00:00:00Z"), (0, 33));
    }

    #[test]
    fn empty_zip_is_just_the_end_record() {
        let z = write_zip(&[], (0, 33));
        assert_eq!(z.len(), 22);
        assert_eq!(&z[..4], &[0x50, 0x4b, 0x05, 0x06]);
    }
}
