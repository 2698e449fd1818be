"""Reports: outlines (packs), section builders (records → figures → sentences), editing, GB/T 9704 Word files."""
