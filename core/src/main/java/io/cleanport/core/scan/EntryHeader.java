package io.cleanport.core.scan;

/**
 * One entry of an archive as its header describes it, before (or instead of) reading its content: what
 * {@link RarHeaders} and {@link AceHeaders} give.
 *
 * @param name         the path stored in the header; untrusted
 * @param declaredSize the uncompressed size the header declares, 0 when unknown
 * @param directory    whether the entry is a folder
 * @param encrypted    whether the entry's data is encrypted
 * @param stored       whether its data is stored as is (not compressed, not encrypted, whole in this volume),
 *                     so that it can be read from the archive without a decompressor
 */
record EntryHeader(String name, long declaredSize, boolean directory, boolean encrypted, boolean stored) {
}
