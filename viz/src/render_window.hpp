#pragma once
// Offscreen rendering on an X display (Debian's VTK 9.1 renders through GLX only), shared by the
// plots, the knee pictures and the animation (private to patella::viz).
#include <string>

class vtkRenderWindow;
struct _XDisplay;

namespace patella::viz {

/// Our own X connection, opened with retries: a freshly started Xvfb on a busy machine may accept
/// connections a moment late, and VTK 9.1 does not check the connection it opens (its interactor
/// then crashes in XSync). @throws DisplayError naming `what` when there is no usable display.
class XConnection {
 public:
  explicit XConnection(const std::string& what);
  ~XConnection();
  XConnection(const XConnection&) = delete;
  XConnection& operator=(const XConnection&) = delete;
  /// For vtkRenderWindow::SetDisplayId.
  void* id() const { return display_; }

 private:
  _XDisplay* display_ = nullptr;
};

/// Sets a window up for offscreen rendering on `x`: no interactor, never shown. multisamples 0
/// for 3D scenes: on software GL (Mesa llvmpipe under Xvfb) VTK's default 8 samples cost about
/// 8x the pixel work, and the 3D renderers smooth their edges with FXAA instead; the 2D charts
/// keep VTK's 8, cheap for lines.
void make_offscreen(vtkRenderWindow* window, const XConnection& x, int width, int height,
                    int multisamples = 8);

/// Grabs the window's back buffer and writes it as PNG through a temporary file and a rename.
/// @throws IoError naming the path.
void write_png_atomically(const std::string& path, vtkRenderWindow* window);

}  // namespace patella::viz
