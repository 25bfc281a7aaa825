/* class/: the shared class directory (teach/follow). */
#ifndef CORELAB_CLASS_H
#define CORELAB_CLASS_H

#endif
