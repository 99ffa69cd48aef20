//! A sound per verdict tone (go: two rising beeps, warn: one middle beep, stop: a long low
//! tone), played by the system's sound player (`paplay`, `pw-play` or `aplay`) on a thread of
//! its own. Where no player is installed (or no audio device answers) the door is silent: the
//! colours and words carry the verdict.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::checkin::Tone;

/// The first sound player found on `PATH`, if any.
pub fn player() -> Option<&'static PathBuf> {
    static PLAYER: OnceLock<Option<PathBuf>> = OnceLock::new();
    PLAYER
        .get_or_init(|| {
            let path = std::env::var_os("PATH")?;
            ["paplay", "pw-play", "aplay"].iter().find_map(|name| {
                std::env::split_paths(&path)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
        .as_ref()
}

/// A 16-bit mono WAV of the tone's beeps: (frequency Hz, milliseconds) each, with short gaps.
pub fn wav(tone: Tone) -> Vec<u8> {
    let beeps: &[(f32, u32)] = match tone {
        Tone::Go => &[(880.0, 90), (1320.0, 120)],
        Tone::Warn => &[(660.0, 250)],
        Tone::Stop => &[(220.0, 600)],
    };
    const RATE: u32 = 16_000;
    let mut samples: Vec<i16> = Vec::new();
    for &(f, ms) in beeps {
        let n = RATE * ms / 1000;
        for i in 0..n {
            let t = i as f32 / RATE as f32;
            let fade = ((n - i).min(i) as f32 / 160.0).min(1.0);
            samples.push(((t * f * std::f32::consts::TAU).sin() * 12_000.0 * fade) as i16);
        }
        samples.extend(std::iter::repeat_n(0, (RATE / 25) as usize));
    }
    let data = (samples.len() * 2) as u32;
    let mut w = Vec::with_capacity(44 + data as usize);
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&RATE.to_le_bytes());
    w.extend_from_slice(&(RATE * 2).to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data.to_le_bytes());
    for s in samples {
        w.extend_from_slice(&s.to_le_bytes());
    }
    w
}

/// Plays the tone's sound without waiting; does nothing without a player. Errors (no
/// device) are ignored: the sound is a help, never a condition.
pub fn play(tone: Tone) {
    let Some(player) = player() else { return };
    let file = std::env::temp_dir().join(format!("accredit-door-{tone:?}.wav").to_lowercase());
    if !file.is_file() && std::fs::write(&file, wav(tone)).is_err() {
        return;
    }
    let player = player.clone();
    std::thread::spawn(move || {
        let _ = std::process::Command::new(player)
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_are_valid_wav_files_of_different_lengths() {
        let go = wav(Tone::Go);
        let stop = wav(Tone::Stop);
        assert_eq!(&go[..4], b"RIFF");
        assert_eq!(&go[8..16], b"WAVEfmt ");
        let len = u32::from_le_bytes(go[40..44].try_into().unwrap()) as usize;
        assert_eq!(len + 44, go.len());
        assert!(stop.len() > go.len());
    }
}
