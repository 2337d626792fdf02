package io.cleanport.core.antivirus;

import java.util.Set;

/**
 * File name extensions that Windows (or a desktop) runs, installs or mounts on a double click: the
 * attachments mail-borne malware arrives as. Lower case, without the dot.
 */
public final class DangerousExtensions {
    /** Programs, installers, shortcuts, scripts, script hosts, help and settings files that run code, disk images. */
    public static final Set<String> ALL = Set.of(
        // programs and libraries
        "exe", "scr", "pif", "com", "cpl", "dll", "ocx", "sys", "drv", "msc", "gadget", "application", "xll",
        // installers and packages
        "msi", "msp", "mst", "msix", "msixbundle", "appx", "appxbundle", "jar", "apk", "reg", "inf",
        // shortcuts and shell files
        "lnk", "scf", "library-ms", "settingcontent-ms", "search-ms", "iqy", "slk", "wiz",
        // scripts and script hosts
        "bat", "cmd", "vbs", "vbe", "js", "jse", "wsf", "wsh", "ws", "wsc", "hta", "sct", "ps1", "ps1xml",
        "psm1", "psd1", "psc1", "chm",
        // disk images, mounted with a double click (their content escapes the mark of the web)
        "iso", "img", "vhd", "vhdx");

    private DangerousExtensions() {
    }

    /** Whether {@code extension} (lower case, no dot) is one of {@link #ALL}. */
    public static boolean contains(String extension) {
        return ALL.contains(extension);
    }
}
