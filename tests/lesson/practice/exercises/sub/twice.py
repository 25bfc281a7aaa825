def twice(x):
    return x + x + 1
