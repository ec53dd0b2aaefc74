package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.lapack.Config;
import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;

/** Threads, the memory budget and the description of the native library. */
class NativeConfigTest {
    @Test
    void threadCountIsReadableAndSettable() {
        int saved = NativeConfig.threads();
        try {
            NativeConfig.setThreads(1);
            assertEquals(1, NativeConfig.threads());
            NativeConfig.setThreads(2);
            assertEquals(2, NativeConfig.threads());
        } finally {
            NativeConfig.setThreads(saved);
        }
        assertThrows(IllegalArgumentException.class, () -> NativeConfig.setThreads(0));
    }

    @Test
    void infoReportsTheRuntimeKernelNotTheCompileTimeOne() {
        NativeConfig.Info info = NativeConfig.info();
        assertTrue(info.openblasVersion().startsWith("0.3."), info.openblasVersion());
        assertEquals("NEHALEM", info.compiledCoreName(), "the binding's constant");
        assertTrue(info.dynamicArch());
        if (System.getProperty("os.arch").contains("64") && info.platform().equals("linux-x86_64")) {
            // any x86-64 machine this runs on has a kernel newer than the build baseline
            assertNotEquals("unknown", info.coreName());
        }
        assertTrue(info.toString().contains("core: " + info.coreName()), info.toString());
        assertTrue(info.threads() >= 1);
    }

    @Test
    void memoryBudgetDefaultsAndOverrides() {
        long auto = NativeConfig.memoryBudget();
        assertTrue(auto >= 64L << 20);
        try {
            NativeConfig.setMemoryBudget(123_456_789);
            assertEquals(123_456_789, NativeConfig.memoryBudget());
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
        assertEquals(auto, NativeConfig.memoryBudget());
    }

    @Test
    void byteSizesParseWithSuffixes() {
        assertEquals(512L << 20, Config.parseBytes("x", "512M"));
        assertEquals(4L << 30, Config.parseBytes("x", "4g"));
        assertEquals(2L << 30, Config.parseBytes("x", "2GiB"));
        assertEquals(1000, Config.parseBytes("x", "1000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.parseBytes("budget", "lots"));
        assertTrue(e.getMessage().contains("budget") && e.getMessage().contains("lots"), e.getMessage());
        assertEquals("96.0 MiB", NativeBuffer.formatBytes(96L << 20));
        assertEquals("1.5 KiB", NativeBuffer.formatBytes(1536));
        assertEquals("12 B", NativeBuffer.formatBytes(12));
    }

    @Test
    void packagedDefaultsAreRead() {
        assertEquals(64L << 20, Config.nativeStackSize());
        assertEquals("auto", Config.get(Config.MEMORY_BUDGET, "missing"));
    }
}
