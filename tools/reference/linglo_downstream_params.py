#!/usr/bin/env python3
"""What the LinGlo paper's detection and segmentation tables say about its backbones' size.

    python3 tools/reference/linglo_downstream_params.py

The paper (seeds/002) gives parameter counts three times: ImageNet classification (Table 2: b0 3.4 M, b1 13.1 M,
b2 25.4 M), RetinaNet detection (Table 3: 13.0, 23.8, 35.1 M) and Semantic FPN segmentation (Table 4: 7.6, 17.8,
29.1 M). The detection and segmentation models add a neck and a head, whose size follows from the backbone's stage
channels alone, to the backbone without its classifier. This script counts those necks and heads (the mmdetection /
mmsegmentation configurations PVT uses, which the paper follows), checks the count on the PVT rows of the same tables
(PVT-Tiny 13.2 M and PVT-Small 24.5 M classification, 1000 classes), and prints the classification-size LinGlo each
downstream table implies: backbone = downstream − neck − head, plus the 1000-class head (final channels × 1000 + 1000).
No third-party code or weights; plain arithmetic.
"""


def conv(cin, cout, k, bias=True):
    return cin * cout * k * k + (cout if bias else 0)


def retinanet_neck_and_head(channels):
    """FPN (out 256, start_level 1, 5 outputs, extra convs on the input) + RetinaHead (80 classes, 9 anchors)."""
    used = channels[1:]
    fpn = sum(conv(c, 256, 1) for c in used) + len(used) * conv(256, 256, 3)
    fpn += conv(channels[-1], 256, 3) + conv(256, 256, 3)          # two extra levels, the first from the input
    head = 8 * conv(256, 256, 3) + conv(256, 9 * 80, 3) + conv(256, 9 * 4, 3)
    return fpn + head


def semantic_fpn_neck_and_head(channels):
    """FPN (out 256, 4 outputs) + FPNHead (128 channels, strides 4-32, conv + norm, 150 classes)."""
    fpn = sum(conv(c, 256, 1) for c in channels) + len(channels) * conv(256, 256, 3)
    convs_256, convs_128 = 4, 3                                     # head lengths 1, 1, 2, 3 per level
    head = convs_256 * conv(256, 128, 3, bias=False) + convs_128 * conv(128, 128, 3, bias=False)
    head += (convs_256 + convs_128) * 2 * 128 + conv(128, 150, 1)
    return fpn + head


def classifier(channels):
    return channels[-1] * 1000 + 1000


def main():
    pvt = (64, 128, 320, 512)
    print("check on the tables' PVT rows (downstream params counted from PVT's classification size):")
    for name, classification, detection, segmentation in [("PVT-Tiny", 13.2, 23.0, 17.0), ("PVT-Small", 24.5, 34.2, 28.2)]:
        backbone = classification * 1e6 - classifier(pvt)
        print(f"  {name}: RetinaNet {(backbone + retinanet_neck_and_head(pvt)) / 1e6:.2f} M (table {detection}), "
              f"Semantic FPN {(backbone + semantic_fpn_neck_and_head(pvt)) / 1e6:.2f} M (table {segmentation})")
    print("LinGlo, classification-size params (1000 classes) implied by each table:")
    b0 = (32, 64, 160, 256)
    for name, channels, classification, detection, segmentation in [
            ("b0", b0, 3.4, 13.0, 7.6), ("b1", pvt, 13.1, 23.8, 17.8), ("b2", pvt, 25.4, 35.1, 29.1)]:
        from_detection = detection * 1e6 - retinanet_neck_and_head(channels) + classifier(channels)
        from_segmentation = segmentation * 1e6 - semantic_fpn_neck_and_head(channels) + classifier(channels)
        print(f"  linglo-{name}: Table 2 {classification:.2f} M, from Table 3 {from_detection / 1e6:.2f} M, "
              f"from Table 4 {from_segmentation / 1e6:.2f} M")


if __name__ == "__main__":
    main()
