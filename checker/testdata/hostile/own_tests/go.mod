module check
