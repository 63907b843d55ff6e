//! Files read as streams, as the page reads them: the core's two passes over chunks, so that
//! no file is held whole (a workbook aside, which a ZIP needs). A second thread reads the
//! next chunks from disk while the core types the ones it has.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::mpsc;

use healthcheck_core::import::{Imported, Importer};
use healthcheck_core::Settings;

/// The size of the chunks handed to the core.
const CHUNK: usize = 1 << 20;
/// Chunks read ahead of the core.
const AHEAD: usize = 4;

/// An input: the name it goes by in the report and its path.
pub struct Input {
    pub name: String,
    pub path: PathBuf,
}

/// Every input through both passes of the core's import.
pub fn import(inputs: &[Input], settings: &Settings) -> Result<Imported, String> {
    let mut importer = Importer::new(settings.overrides.clone()).with_accounting(settings.accounting);
    let cannot_read = |input: &Input, e: std::io::Error| format!("{}: cannot read: {e}", input.path.display());
    let mut buffer = vec![0u8; CHUNK];
    for input in inputs {
        let mut file = File::open(&input.path).map_err(|e| cannot_read(input, e))?;
        let size = file.metadata().map_err(|e| cannot_read(input, e))?.len();
        let id = importer.begin_scan(&input.name, size);
        loop {
            let n = file.read(&mut buffer).map_err(|e| cannot_read(input, e))?;
            if n == 0 || !importer.scan_chunk(id, &buffer[..n]) {
                break;
            }
        }
        for (start, end) in importer.sample_ranges(id) {
            let mut sample = vec![0u8; usize::try_from(end - start).unwrap_or(0)];
            file.seek(SeekFrom::Start(start)).and_then(|_| file.read_exact(&mut sample)).map_err(|e| cannot_read(input, e))?;
            importer.scan_sample(id, &sample);
        }
        importer.end_scan(id);
    }
    for id in importer.load_order() {
        if importer.begin_load(id) {
            let input = &inputs[id];
            let path = input.path.clone();
            let (send, chunks) = mpsc::sync_channel::<std::io::Result<Vec<u8>>>(AHEAD);
            let reader = std::thread::spawn(move || {
                let mut file = match File::open(&path) {
                    Ok(f) => f,
                    Err(e) => return drop(send.send(Err(e))),
                };
                loop {
                    let mut chunk = vec![0u8; CHUNK];
                    match file.read(&mut chunk) {
                        Ok(0) => return,
                        Ok(n) => {
                            chunk.truncate(n);
                            if send.send(Ok(chunk)).is_err() {
                                return;
                            }
                        }
                        Err(e) => return drop(send.send(Err(e))),
                    }
                }
            });
            for chunk in chunks {
                importer.load_chunk(&chunk.map_err(|e| cannot_read(input, e))?);
            }
            reader.join().map_err(|_| format!("{}: the reader stopped", input.path.display()))?;
        }
        importer.end_load();
    }
    Ok(importer.finish())
}
