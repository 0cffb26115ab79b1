"""Helpers of ``make_sample.py``: the fictional DeepVA account and its synthetic video.

Nothing here is part of the ``deepva_frames`` package; these modules only build the
bundled sample (``sample_data/account``, ``sample_data/video``, ``sample_data/README.md``).
"""
