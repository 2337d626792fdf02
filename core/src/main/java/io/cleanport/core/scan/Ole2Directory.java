package io.cleanport.core.scan;

import java.nio.charset.StandardCharsets;

/**
 * Finds the storages and streams of an OLE2 compound file (doc, xls, ppt, msg, msi) as its bytes go by,
 * to tell what the file holds: a VBA project (macros), a Word, Excel or PowerPoint document, an encrypted
 * Office Open XML package, or a Windows Installer database.
 *
 * <p>Directory entries are 128 bytes long and start on a multiple of 128 bytes from the start of the file
 * (sectors are 512 or 4096 bytes, after a 512-byte header), wherever the directory sectors lie. So every
 * aligned 128-byte block is read as a possible entry and kept only when it has the shape of one: a name
 * length that fits, the name's terminating zero, a known object type and colour. One pass, no buffering,
 * nothing more than the entry being read in memory.
 */
final class Ole2Directory {
    private static final int ENTRY_BYTES = 128;
    private static final int NAME_LENGTH_OFFSET = 64;
    private static final int OBJECT_TYPE_OFFSET = 66;
    private static final int COLOUR_OFFSET = 67;
    private static final int CLSID_OFFSET = 80;
    private static final int STORAGE = 1;
    private static final int STREAM = 2;
    private static final int ROOT = 5;
    /**
     * The root CLSID of Windows Installer files, {000C10xx-0000-0000-C000-000000000046}, from its second
     * byte on; the first is 0x84 (msi), 0x86 (msp) or 0x82 (mst).
     */
    private static final byte[] INSTALLER_CLSID_TAIL = {
        0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};

    private final byte[] entry = new byte[ENTRY_BYTES];
    private int filled;
    private boolean vbaProject;
    private boolean wordDocument;
    private boolean workbook;
    private boolean powerPoint;
    private boolean outlookMessage;
    private boolean visio;
    private boolean encryptedPackage;
    private boolean installer;

    void write(byte[] bytes, int offset, int length) {
        int position = offset;
        int left = length;
        while (left > 0) {
            int take = Math.min(left, ENTRY_BYTES - filled);
            System.arraycopy(bytes, position, entry, filled, take);
            filled += take;
            position += take;
            left -= take;
            if (filled == ENTRY_BYTES) {
                inspectEntry();
                filled = 0;
            }
        }
    }

    /** {@code type}, an OLE2 file, told more precisely by what its directory showed so far. */
    FileType refine(FileType type) {
        if (installer) {
            return type.withMimeType("application/x-ms-installer", FileFamily.EXECUTABLE);
        }
        if (encryptedPackage) {
            return type.withMimeType("application/x-tika-ooxml-protected", FileFamily.OFFICE).asEncrypted();
        }
        String mimeType = type.mimeType();
        if (wordDocument) {
            mimeType = "application/msword";
        } else if (workbook) {
            mimeType = "application/vnd.ms-excel";
        } else if (powerPoint) {
            mimeType = "application/vnd.ms-powerpoint";
        } else if (outlookMessage) {
            mimeType = "application/vnd.ms-outlook";
        } else if (visio) {
            mimeType = "application/vnd.visio";
        }
        return type.withMimeType(mimeType, vbaProject ? FileFamily.MACRO_DOCUMENT : FileFamily.OFFICE);
    }

    private void inspectEntry() {
        int nameBytes = (entry[NAME_LENGTH_OFFSET] & 0xff) | (entry[NAME_LENGTH_OFFSET + 1] & 0xff) << 8;
        int objectType = entry[OBJECT_TYPE_OFFSET];
        int colour = entry[COLOUR_OFFSET];
        if (nameBytes < 4 || nameBytes > NAME_LENGTH_OFFSET || (nameBytes & 1) != 0
            || (objectType != STORAGE && objectType != STREAM && objectType != ROOT)
            || (colour != 0 && colour != 1)
            || entry[nameBytes - 2] != 0 || entry[nameBytes - 1] != 0) {
            return;
        }
        if (objectType == ROOT) {
            installer |= isInstallerClsid();
            return;
        }
        String name = new String(entry, 0, nameBytes - 2, StandardCharsets.UTF_16LE);
        switch (name) {
            case "_VBA_PROJECT", "_VBA_PROJECT_CUR", "VBA" -> vbaProject = true;
            case "WordDocument" -> wordDocument = true;
            case "Workbook", "Book" -> workbook = true;
            case "PowerPoint Document" -> powerPoint = true;
            case "VisioDocument" -> visio = true;
            case "EncryptedPackage" -> encryptedPackage = true;
            default -> outlookMessage |= name.startsWith("__substg1.0_") || name.equals("__properties_version1.0");
        }
    }

    private boolean isInstallerClsid() {
        byte first = entry[CLSID_OFFSET];
        if (first != (byte) 0x84 && first != (byte) 0x86 && first != (byte) 0x82) {
            return false;
        }
        for (int i = 0; i < INSTALLER_CLSID_TAIL.length; i++) {
            if (entry[CLSID_OFFSET + 1 + i] != INSTALLER_CLSID_TAIL[i]) {
                return false;
            }
        }
        return true;
    }
}
