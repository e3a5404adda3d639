// Anchors the precompiled LibTorch header; see sdk/CMakeLists.txt.
