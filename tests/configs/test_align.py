"""tools/config_align.py: every large value of a compiled config (a guest image) starts 8-byte
aligned, whatever dtc made of it, and the config reads as before (the NOP tokens it adds are
invisible to DTB readers)."""
import os
import struct
import subprocess

from test_corpus import ROOT, compile_config

SOURCE = """/dts-v1/;
/ {
	compatible = "erg,partition-config";
	guests {
		hello {
			vcpus = <1>;
			memory = <0x0 0x80000000 0x0 0x4000000>;
%s			kernel = /incbin/("kernel.bin");
			kernel-offset = <0x0 0x200000>;
%s			initrd = /incbin/("initrd.cpio");
			initrd-offset = <0x0 0x2000000>;
			bootargs = "";
		};
	};
};
"""
KERNEL = bytes(range(256)) * 40
INITRD = b"070701" + bytes(range(1, 200)) * 60


def value_offsets(dtb):
    """Offsets in dtb of the kernel's and the initrd's bytes."""
    blob = dtb.read_bytes()
    return blob.index(KERNEL), blob.index(INITRD)


def as_source(dtb):
    return subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)], check=True,
                          capture_output=True, text=True).stdout


def test_images_start_8_byte_aligned_however_dtc_laid_them_out(tmp_path):
    (tmp_path / "kernel.bin").write_bytes(KERNEL)
    (tmp_path / "initrd.cpio").write_bytes(INITRD)
    # Padding of 0, 4, 8 and 12 bytes before each image shifts dtc's layout through both
    # alignments of each value, so some layouts need a NOP before one image, some before both.
    pads = ["", "\t\t\tpad;\n", "\t\t\tpad = <1>;\n", "\t\t\tpad = <1 2>;\n"]
    misaligned = set()
    for i, before_kernel in enumerate(pads):
        for j, before_initrd in enumerate(pads):
            src = tmp_path / f"c{i}{j}.dts"
            src.write_text(SOURCE % (before_kernel, before_initrd.replace("pad", "pad2")))
            raw, aligned = tmp_path / f"raw{i}{j}.dtb", tmp_path / f"c{i}{j}.dtb"
            subprocess.run(["dtc", "-q", "-i", str(tmp_path), "-I", "dts", "-O", "dtb", "-o",
                            str(raw), str(src)], check=True)
            misaligned.update(k for k, at in enumerate(value_offsets(raw)) if at % 8)
            compile_config(str(src), aligned, include=(tmp_path,))
            assert [at % 8 for at in value_offsets(aligned)] == [0, 0]
            assert as_source(aligned) == as_source(raw)
            total = struct.unpack_from(">I", aligned.read_bytes(), 4)[0]
            assert total == os.path.getsize(aligned)
    assert misaligned == {0, 1}, "the layouts tried must need the NOP for both images"


def test_a_config_with_nothing_to_align_is_left_as_it_is(tmp_path):
    dtb = tmp_path / "plain.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    os.path.join(ROOT, "guests", "configs", "empty.dts")], check=True)
    before = dtb.read_bytes()
    subprocess.run([os.path.join(ROOT, "tools", "config_align.py"), str(dtb)], check=True)
    assert dtb.read_bytes() == before
