#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/corpus/ that needs no compiled code.

Every seed is tiny and made here (no real data set is copied): a few valid
inputs per target and a few near-valid ones, each a step from an error path.
The image and checkpoint seeds come from the fuzz binaries themselves
(NASKERNEL_FUZZ_WRITE_SEEDS=DIR, see README.md). Regression inputs of bugs
the fuzzers found are kept beside the seeds as regression_*; this script
leaves them alone.

    python3 tests/fuzz/make_seeds.py
"""
import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


# ---- manifest: MAIN \n-----\n INCLUDED \n-----\n SETS ----------------------
SEP = "\n-----\n"
BASE = """[search_space]
plugin = "nb201"
channels = 16
cells = 5

[sampler]
plugin = "spos"
population = 50

[[regularizers]]
plugin = "landmark"
pairs = 1
lambda = 10.0
"""
MAIN = """include = ["base.toml"]

[run]
name = "fuzz"
seed = 0
plugin_paths = ["plugins"]

[task]
plugin = "classification"
dataset = "idx"
subset = { train = 600, test = 200 }

[search_space]
channels = 8

[landmarks]
count = 6
"""
put("manifest", "include_and_sets", MAIN + SEP + BASE + SEP +
    "run.seed=3\nsampler.plugin=gdas\nregularizers[0].lambda=2.5\ntask.subset={train = 10}\nrun.name=my-run\n")
put("manifest", "no_include", "[run]\nname = \"x\"\n[sampler]\nplugin = \"spos\"\n" + SEP + SEP + "sampler.population=4\n")
put("manifest", "variant_table", MAIN + SEP + BASE + SEP +
    "\"sampler.plugin\" = \"gdas\"\n\"landmarks.count\" = 3\nregularizers = []\n")
put("manifest", "include_cycle", MAIN + SEP + "include = [\"main.toml\"]\n" + SEP)
put("manifest", "include_missing", "include = [\"nowhere.toml\"]\n" + SEP + SEP)
put("manifest", "include_not_array", "include = 3\n" + SEP + SEP)
put("manifest", "bad_set_index", MAIN + SEP + BASE + SEP + "regularizers[7].lambda=1\n")
put("manifest", "set_through_scalar", MAIN + SEP + BASE + SEP + "run.seed.value=1\n")
put("manifest", "set_no_equals", MAIN + SEP + BASE + SEP + "run.seed\n")
put("manifest", "syntax_error", "[run\nname = \"x\"\n" + SEP + SEP)
put("manifest", "section_not_table", "sampler = 3\nunknown = 1\n" + SEP + SEP)

# ---- architecture strings ------------------------------------------------
NB201 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"
put("nb201_arch", "valid", NB201)
put("nb201_arch", "all_none", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")
put("nb201_arch", "wrong_index", NB201.replace("avg_pool_3x3~1", "avg_pool_3x3~0"))
put("nb201_arch", "two_nodes", "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|")
put("nb201_arch", "unknown_op", NB201.replace("skip_connect~2", "conv_7x7~2"))
put("nb201_arch", "trailing", NB201 + "+")

NB101 = "matrix=0100110/0010000/0001001/0000010/0000010/0000001/0000000;ops=conv3x3/maxpool3x3/conv3x3/conv3x3/conv1x1"
put("nb101_arch", "valid", NB101)
put("nb101_arch", "long_ops", "matrix=0110010/0001000/0000001/0000100/0000001/0000001/0000000;"
    "ops=conv3x3-bn-relu/conv1x1-bn-relu/maxpool3x3/conv3x3-bn-relu/conv1x1-bn-relu")
put("nb101_arch", "small_cell", "matrix=011/001/000;ops=conv3x3")
put("nb101_arch", "smallest", "matrix=01/00;ops=")
put("nb101_arch", "lower_triangle", "matrix=010/101/000;ops=conv1x1")
put("nb101_arch", "short_row", NB101.replace("000101", "00010", 1).replace("0001001", "000101"))
put("nb101_arch", "disconnected", "matrix=0100000/0000000/0000001/0000000/0000000/0000000/0000000;ops=conv3x3/conv3x3/conv3x3/conv3x3/conv3x3")

SPEC = ('{"matrix": [[0, 1, 1, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0], '
        '[0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0]], '
        '"ops": ["input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "conv1x1-bn-relu", "output"]}')
put("nb101_json", "valid", SPEC)
put("nb101_json", "small", '{"ops": ["input", "maxpool3x3", "output"], "matrix": [[0, 1, 0], [0, 0, 1], [0, 0, 0]]}')
put("nb101_json", "booleans_and_escapes",
    '{"matrix": [[false, true], [false, false]], "ops": ["\\u0069nput", "output"]}')
put("nb101_json", "duplicate_key", '{"matrix": [[0, 1], [0, 0]], "matrix": [], "ops": ["input", "output"]}')
put("nb101_json", "float_entry", '{"matrix": [[0, 1.0], [0, 0]], "ops": ["input", "output"]}')
put("nb101_json", "nested", '[[[[{"a": [1, -2.5e3, null, true, "x\\n"]}]]]]')
put("nb101_json", "unclosed", '{"matrix": [[0, 1], [0, 0]], "ops": ["input", "output"')

DARTS = ("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
         "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
         "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), "
         "('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])")
put("darts_genotype", "darts_v2", DARTS)
put("darts_genotype", "range_concat_any_order",
    DARTS.replace("normal_concat=[2, 3, 4, 5]", "normal_concat=range(2, 6)").replace("Genotype(normal", "Genotype(\n  normal"))
put("darts_genotype", "nb301_compact",
    "(((0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)), "
    "((0, 0), (1, 0), (0, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)))")
put("darts_genotype", "compact_names", "[[(0, 'sep_conv_3x3'), (1, 'sep_conv_3x3'), (0, 'skip_connect'), (1, 'skip_connect'), "
    "(0, 'max_pool_3x3'), (2, 'avg_pool_3x3'), (3, 'dil_conv_5x5'), (0, 'sep_conv_5x5'),], "
    "[(0, 0), (1, 0), (0, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)],]")
put("darts_genotype", "repeated_input", DARTS.replace("('sep_conv_3x3', 1), ('sep_conv_3x3', 0)", "('sep_conv_3x3', 1), ('sep_conv_3x3', 1)", 1))
put("darts_genotype", "bad_op_index", "(((0, 9), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)), ())")

# depth_fusion: first byte = encoding (bit 0 v2, bit 1 non-sync, (b >> 2) % 3 + 1 nodes)
def df(flags, text):
    return bytes([flags]) + text.encode()
put("depth_fusion_arch", "v1_sync_1node", df(0b0000, "|conv_3x3~0|none~1|"))
put("depth_fusion_arch", "v1_sync_2nodes", df(0b0100, "|conv_3x3~0|none~1|+|none~0|none~1|skip_connect~2|"))
put("depth_fusion_arch", "v2_sync", df(0b0001, "|avg_pool_3x3~0|none~1|@pixel_shuffle"))
put("depth_fusion_arch", "v2_non_sync", df(0b0011, "|conv_3x3~0|none~1|@bicubic;|none~0|skip_connect~1|@bilinear;"
    "|conv_1x1~0|conv_1x1~1|@transposed_conv;|conv_3x3~0|conv_3x3~1|@bilinear"))
put("depth_fusion_arch", "v1_non_sync_3nodes", df(0b1010, ";".join(
    ["|conv_3x3~0|none~1|+|none~0|conv_1x1~1|skip_connect~2|+|none~0|none~1|avg_pool_3x3~2|conv_3x3~3|"] * 4)))
put("depth_fusion_arch", "v1_with_upsampling", df(0b0000, "|conv_3x3~0|none~1|@bilinear"))
put("depth_fusion_arch", "v2_unknown_upsampling", df(0b0001, "|conv_3x3~0|none~1|@nearest"))

# ---- ground truth: first byte 0 = .csv, 1 = .json (bit 1: capital extension)
put("gt_table", "csv", b"\x00arch,top1,loss\n|a|,91.5,0.3\n\"|b,c|\",90,0.4\r\n\n|d|, 1e-3 ,x\n")
put("gt_table", "csv_bom_capital", b"\x02\xef\xbb\xbfarch,top1\n|a|,+12\n")
put("gt_table", "csv_nan", b"\x00arch,top1\n|a|,nan\n")
put("gt_table", "csv_duplicate", b"\x00arch,top1\n|a|,1\n|a|,2\n")
put("gt_table", "csv_no_metric", b"\x00arch,top5\n|a|,1\n")
put("gt_table", "csv_quote_error", b"\x00arch,top1\n\"|a|\"x,1\n")
put("gt_table", "json", b'\x01{"|a|": {"top1": 91.5, "loss": 0.3}, "|b|": {"top1": -4}}')
put("gt_table", "json_missing_metric", b'\x01{"|a|": {"top5": 91.5}}')
put("gt_table", "json_overflow", b'\x01{"|a|": {"top1": 1e999}}')
put("gt_table", "json_syntax", b'\x01{"|a|": {"top1": 91.5}\n')

HEADER = "space,arch_key,arch,fingerprint,seed,wall_seconds,naskernel_version,created_utc,metric.ground_truth,metric.loss\n"
put("gt_records", "csv", "\x00" + HEADER +
    "nb201,k1,\"|a,b|\",f00d,0,12.5,0.1.0,2024-05-01T12:00:00Z,91.2,0.3\n"
    "nb201,k2,|c|,f00d,1,1e-3,0.1.0,2024-05-01T12:00:00Z,,nan\n")
put("gt_records", "csv_nan_ground_truth", "\x00" + HEADER + "nb201,k1,|a|,f00d,0,1,0.1.0,t,nan,1\n")
put("gt_records", "csv_bad_seed", "\x00" + HEADER + "nb201,k1,|a|,f00d,9x,1,0.1.0,t,1,1\n")
put("gt_records", "csv_unknown_column", "\x00space,arch_key,archs\n")
put("gt_records", "json", '\x01[{"space": "nb201", "arch_key": "k1", "arch": "|a|", "fingerprint": "f00d", "seed": 3, '
    '"metrics": {"ground_truth": 91.2, "loss": null}, "wall_seconds": 12.5, "naskernel_version": "0.1.0", '
    '"created_utc": "2024-05-01T12:00:00Z"}]')
put("gt_records", "json_null_ground_truth", '\x01[{"space": "s", "arch_key": "k", "arch": "a", "fingerprint": "f", "seed": 0, '
    '"metrics": {"ground_truth": null}, "wall_seconds": 1, "naskernel_version": "v", "created_utc": "t"}]')
put("gt_records", "json_unknown_key", '\x01[{"space": "s", "seeds": 1}]')
put("gt_records", "json_not_array", '\x01{"space": "s"}')

# ---- IDX: IMAGES \n--8<--\n LABELS ----------------------------------------
IDX_SEP = b"\n--8<--\n"


def idx_images(count, height, width, magic=0x803):
    pixels = bytes((i * 29) % 256 for i in range(count * height * width))
    return struct.pack(">IIII", magic, count, height, width) + pixels


def idx_labels(labels, magic=0x801):
    return struct.pack(">II", magic, len(labels)) + bytes(labels)


put("idx", "valid_raw", idx_images(3, 4, 4) + IDX_SEP + idx_labels([0, 9, 3]))
put("idx", "valid_gzip", gz(idx_images(2, 3, 5)) + IDX_SEP + gz(idx_labels([1, 2])))
put("idx", "label_out_of_range", idx_images(2, 2, 2) + IDX_SEP + idx_labels([1, 10]))
put("idx", "count_mismatch", idx_images(2, 2, 2) + IDX_SEP + idx_labels([1]))
put("idx", "truncated_images", idx_images(3, 4, 4)[:-5] + IDX_SEP + idx_labels([0, 1, 2]))
put("idx", "huge_header", struct.pack(">IIII", 0x803, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) + IDX_SEP + idx_labels([0]))
put("idx", "wrong_magic", idx_images(1, 2, 2, magic=0x802) + IDX_SEP + idx_labels([0]))
put("idx", "gzip_truncated", gz(idx_images(2, 4, 4))[:-6] + IDX_SEP + idx_labels([0, 1]))

# ---- CIFAR: variant byte (% 3: cifar10, cifar100 fine, cifar100 coarse), FILE1 [sep FILE2]
def cifar_record(labels, seed):
    return bytes(labels) + bytes((seed + i * 7) % 256 for i in range(3072))


put("cifar", "cifar10_two_records", b"\x00" + cifar_record([3], 1) + cifar_record([9], 2))
put("cifar", "cifar100_fine", b"\x01" + cifar_record([19, 99], 3))
put("cifar", "cifar100_coarse_two_files", b"\x02" + cifar_record([19, 5], 4) + IDX_SEP + gz(cifar_record([0, 0], 5)))
put("cifar", "cifar10_bad_label", b"\x00" + cifar_record([10], 6))
put("cifar", "cifar10_truncated", b"\x00" + cifar_record([1], 7)[:100])
