"""Administrative units (province / district / commune) with validity dates and succession."""
