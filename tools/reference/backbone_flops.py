"""FLOPs of the reference LITv2 detection/segmentation backbone at any input H x W, in the reference's own convention.

The reference backbone files (detection/mmdet/models/backbones/litv2.py, segmentation/...) have no flops() method; of
the classification code's flops() terms only HiLo.flops(N) survives there, and it takes H = W = int(sqrt(N)), so it
cannot describe a map with H != W. What this module computes is the classification model's flops() composed term by
term at the backbone's real feature-map sizes, each square side replaced by the two sides:

  stage maps     h0 = ceil(H / patch), w0 = ceil(W / patch) (PatchEmbed pads right/bottom); h(i+1) = h(i) // 2 (DTM);
  PatchEmbed     h0*w0 * embed*in_chans*patch^2 (no bias) + h0*w0*embed (its LayerNorm)   [PatchEmbed.flops]
  ConvFFN block  dwconv 10*hidden*h*w (9 MACs + 1 bias per output) + fc1/fc2 2*h*w*dim*dim*mlp_ratio + norm2 dim*h*w
                 [ConvFFNBlock.flops, conv_flops]
  HiLo block     the same + norm1 dim*h*w + HiLo on the map padded to Hp = ws*ceil(h/ws), Wp = ws*ceil(w/ws)
                 [Block.flops, HiLo.flops; Lo-Fi keys (Hp/ws)*(Wp/ws), as the reference get_flops.py's hilo_flops]
  DTM            offset conv counted with 12 output channels (it has 8: the reference's quirk) and the deformable conv,
                 each k^2*c_in*c_out + c_out per output position, over (h//2)*(w//2) positions, + BatchNorm
                 (h//2)*(w//2)*2*dim   [DTM.flops]
  out norms      norm_i (i in out_indices, i != 0): dim_i*h_i*w_i, the reference's count for a LayerNorm
  absent         the classifier's final norm and head; nothing else (softmax, GELU, pooling, linear biases) is
                 counted, as in the reference.

At a square input whose side is a multiple of 32 this equals the classification LITv2.flops() less its final norm and
head plus the out norms; figures.py --backbones checks that, each term against the classification modules' flops() on
square maps of odd and even sides, and the attention products against get_flops.py's rectangular hilo_flops.
"""
import math


def stage_sizes(height, width, patch_size, stages):
    """The backbone's feature-map sides, stage by stage (PatchEmbed ceil, then each DTM's floor)."""
    h, w = math.ceil(height / patch_size), math.ceil(width / patch_size)
    sizes = []
    for _ in range(stages):
        sizes.append((h, w))
        h, w = h // 2, w // 2
    return sizes


def head_split(num_heads, alpha, window_size):
    """(Lo-Fi heads, Hi-Fi heads) as HiLo.__init__ resolves them: int(num_heads * alpha), all Lo-Fi when ws == 1."""
    if window_size == 1:
        return num_heads, 0
    lofi = int(num_heads * alpha)
    return lofi, num_heads - lofi


def hilo_flops(dim, num_heads, window_size, alpha, h, w):
    """HiLo.flops on an h x w map padded to multiples of the window, per dimension. Returns a dict of its terms."""
    ws = window_size
    head_dim = dim // num_heads
    l_heads, h_heads = head_split(num_heads, alpha, ws)
    l_dim, h_dim = l_heads * head_dim, h_heads * head_dim
    hp, wp = ws * math.ceil(h / ws), ws * math.ceil(w / ws)
    n = hp * wp
    windows = (hp // ws) * (wp // ws)
    kv_len = (hp // ws) * (wp // ws)
    return dict(
        hifi_qkv=n * dim * h_dim * 3,
        hifi_attention=windows * (ws * ws) ** 2 * h_dim * 2,
        hifi_proj=n * h_dim * h_dim,
        lofi_q=n * dim * l_dim,
        lofi_kv=kv_len * dim * l_dim * 2,
        lofi_attention=n * l_dim * kv_len * 2,
        lofi_proj=n * l_dim * l_dim,
    )


def conv_flops(k, c_in, c_out, groups, out_h, out_w):
    """The reference conv_flops over out_h x out_w outputs: k^2 * c_in * (c_out // groups) MACs + c_out bias each."""
    return (k * k * c_in * (c_out // groups) + c_out) * out_h * out_w


def backbone_flops(config, height, width):
    """Returns {"total": int, "terms": [(name, flops), ...], "stage_sizes": [[h, w], ...]} for one input."""
    e, p = config["embed_dim"], config["patch_size"]
    depths = config["depths"]
    stages = len(depths)
    sizes = stage_sizes(height, width, p, stages)
    if sizes[-1][0] < 1 or sizes[-1][1] < 1:
        raise ValueError(f"{height}x{width}: the last stage would be empty ({sizes})")
    terms = []
    h0, w0 = sizes[0]
    terms.append(("patch_embed", h0 * w0 * e * config["in_chans"] * p * p + h0 * w0 * e))
    for i, (h, w) in enumerate(sizes):
        dim = e * 2 ** i
        ratio = config["mlp_ratio"]
        hidden = int(dim * ratio)
        ffn = conv_flops(3, hidden, hidden, hidden, h, w) + exact(2 * h * w * dim * dim * ratio) + dim * h * w
        for b in range(depths[i]):
            block = ffn
            if config["has_msa"][i] == 1:
                attention = hilo_flops(dim, config["num_heads"][i], config["local_ws"][i], config["alpha"], h, w)
                block += dim * h * w + sum(attention.values())
            terms.append((f"layers.{i}.blocks.{b}", block))
        if i < stages - 1:
            ho, wo = h // 2, w // 2
            dtm = conv_flops(2, dim, 12, 1, ho, wo) + conv_flops(2, dim, 2 * dim, 1, ho, wo) + ho * wo * 2 * dim
            terms.append((f"layers.{i}.downsample", dtm))
    for i in config["out_indices"]:
        if i != 0:
            h, w = sizes[i]
            terms.append((f"norm{i}", e * 2 ** i * h * w))
    return dict(total=sum(f for _, f in terms), terms=terms, stage_sizes=[list(s) for s in sizes])


def exact(value):
    if value != int(value):
        raise ValueError(f"non-integral figure {value!r}")
    return int(value)
